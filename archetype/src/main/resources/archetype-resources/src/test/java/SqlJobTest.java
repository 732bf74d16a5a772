package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.Test;

/** The SQL job's script: its statements, and its INSERT planned (no broker needed to plan). */
class SqlJobTest {
  @Test
  void theScriptPlans() throws Exception {
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    String plan =
        SqlJob.run(env, SqlJob.script(null), Map.of("bootstrap", "localhost:9092")).explain();
    assertThat(plan).contains("city_minutes").contains("TUMBLE");
  }
}
