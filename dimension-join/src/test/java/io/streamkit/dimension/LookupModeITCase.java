package io.streamkit.dimension;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.MariaDb;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which lookup function Flink's planner picks for each setting of {@code lookup.async}. */
class LookupModeITCase {
  @RegisterExtension static final MariaDb MARIADB = new MariaDb();

  @BeforeAll
  static void table() throws Exception {
    MARIADB.createDatabase("modes");
    MARIADB.execute("modes", "CREATE TABLE dim (id INT PRIMARY KEY, name VARCHAR(32))");
  }

  private static String plan(String options, String hint) {
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    env.executeSql("CREATE TABLE src (id INT, pt AS PROCTIME()) WITH ('connector' = 'datagen')");
    env.executeSql(
        "CREATE TABLE dim (id INT, name STRING) WITH ('connector' = 'streamkit-jdbc', 'url' = '"
            + MARIADB.jdbcUrl("modes")
            + "', 'username' = 'root', 'table-name' = 'dim'"
            + options
            + ")");
    return env.explainSql(
        "SELECT "
            + hint
            + " s.id, d.name FROM src AS s JOIN dim FOR SYSTEM_TIME AS OF s.pt AS d ON s.id = d.id");
  }

  @Test
  void unsetLetsThePlannerChooseAsyncAndAHintChooseSync() {
    for (String cache : new String[] {"NONE", "PARTIAL"}) {
      String options = ", 'lookup.cache' = '" + cache + "'";
      assertThat(plan(options, "")).as(cache).contains("async=[");
      assertThat(plan(options, "/*+ LOOKUP('table'='d', 'async'='false') */"))
          .as(cache)
          .doesNotContain("async=[");
      assertThat(plan(options + ", 'lookup.async' = 'false'", "")).doesNotContain("async=[");
      assertThat(plan(options + ", 'lookup.async' = 'true'", "")).contains("async=[");
    }
  }
}
