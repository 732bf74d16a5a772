package io.streamkit.dimension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamkit.testkit.MariaDb;
import io.streamkit.testkit.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CollectionUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Table and column names resolve as the database resolves them: the name as written if it exists,
 * else the name the database would use for it unquoted, else the one object whose name differs only
 * in case. A name that matches several objects is a planning error naming them.
 */
class IdentifierCaseITCase {
  @RegisterExtension static final Postgres POSTGRES = new Postgres();
  @RegisterExtension static final MariaDb MARIADB = new MariaDb();
  private static final String H2_URL = "jdbc:h2:mem:identifiers;DB_CLOSE_DELAY=-1";

  private static Connection h2;

  @BeforeAll
  static void tables() throws Exception {
    h2 =
        DriverManager.getConnection(
            H2_URL, "sa", ""); // held open: the in-memory database lives with it
    try (Statement s = h2.createStatement()) {
      // Unquoted: H2 stores DIM_CITY (ID, NAME).
      s.execute("CREATE TABLE dim_city (id INT PRIMARY KEY, name VARCHAR(32))");
      s.execute("INSERT INTO dim_city VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    }
    POSTGRES.createDatabase("idents");
    POSTGRES.execute(
        "idents",
        "CREATE TABLE \"DimCity\" (\"Id\" INT PRIMARY KEY, \"CityName\" VARCHAR(32))",
        "INSERT INTO \"DimCity\" VALUES (1, 'one'), (2, 'two'), (3, 'three')",
        // Two tables whose names differ only in case, and a table whose columns do.
        "CREATE TABLE \"Dim\" (id INT)",
        "CREATE TABLE \"DIM\" (id INT)",
        "CREATE TABLE twins (id INT, \"Name\" VARCHAR(8), \"NAME\" VARCHAR(8))");
    MARIADB.createDatabase("idents");
    // lower_case_table_names = 0 (Linux): MariaDB keeps the case of table names.
    MARIADB.execute(
        "idents",
        "CREATE TABLE DimCity (Id INT PRIMARY KEY, CityName VARCHAR(32))",
        "INSERT INTO DimCity VALUES (1, 'one'), (2, 'two'), (3, 'three')");
  }

  @org.junit.jupiter.api.AfterAll
  static void closeH2() throws Exception {
    h2.close();
  }

  private static TableEnvironment env(
      String url, String user, String table, String columns, String cache) {
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    env.getConfig().set("parallelism.default", "1");
    env.executeSql(
        "CREATE TABLE src (id INT, pt AS PROCTIME()) WITH ('connector' = 'datagen',"
            + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '4')");
    env.executeSql(
        "CREATE TABLE dim ("
            + columns
            + ") WITH ('connector' = 'streamkit-jdbc', 'url' = '"
            + url
            + "', 'username' = '"
            + user
            + "', 'table-name' = '"
            + table
            + "', 'lookup.cache' = '"
            + cache
            + "')");
    return env;
  }

  private static List<String> join(TableEnvironment env, String nameColumn) {
    String sql =
        "SELECT /*+ LOOKUP('table'='d', 'async'='false') */ s.id, d."
            + nameColumn
            + " FROM src AS s LEFT JOIN dim FOR SYSTEM_TIME AS OF s.pt AS d ON s.id = d.id";
    return CollectionUtil.iteratorToList(env.executeSql(sql).collect()).stream()
        .map(Row::toString)
        .sorted()
        .toList();
  }

  private static final List<String> EXPECTED =
      List.of("+I[1, one]", "+I[2, two]", "+I[3, three]", "+I[4, null]");

  @ParameterizedTest
  @ValueSource(strings = {"NONE", "PARTIAL", "FULL"})
  void h2TableCreatedUnquotedIsFoundByItsLowerCaseName(String cache) {
    TableEnvironment env = env(H2_URL, "sa", "dim_city", "id INT, name STRING", cache);
    assertThat(join(env, "name")).isEqualTo(EXPECTED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"NONE", "PARTIAL", "FULL"})
  void postgresMixedCaseColumnsAreReadByTheirStoredNames(String cache) {
    // The table name matches exactly; the columns only in other case. Planning used to accept
    // this and the running task then failed on column "id" does not exist.
    TableEnvironment env =
        env(POSTGRES.jdbcUrl("idents"), "postgres", "DimCity", "id INT, cityname STRING", cache);
    assertThat(join(env, "cityname")).isEqualTo(EXPECTED);
  }

  @Test
  void postgresTableNameInOtherCaseIsResolved() {
    TableEnvironment env =
        env(POSTGRES.jdbcUrl("idents"), "postgres", "dimcity", "id INT, cityname STRING", "FULL");
    assertThat(join(env, "cityname")).isEqualTo(EXPECTED);
  }

  @Test
  void mariaDbTableNameInOtherCaseIsResolved() {
    TableEnvironment env =
        env(MARIADB.jdbcUrl("idents"), "root", "dimcity", "id INT, cityname STRING", "NONE");
    assertThat(join(env, "cityname")).isEqualTo(EXPECTED);
  }

  @Test
  void aNameMatchingTwoObjectsIsAPlanningErrorNamingBoth() {
    String join = "SELECT * FROM src AS s JOIN dim FOR SYSTEM_TIME AS OF s.pt AS d ON s.id = d.id";
    TableEnvironment tables = env(POSTGRES.jdbcUrl("idents"), "postgres", "dim", "id INT", "NONE");
    assertThatThrownBy(() -> tables.explainSql(join))
        .hasStackTraceContaining("'dim'")
        .hasStackTraceContaining("\"Dim\"")
        .hasStackTraceContaining("\"DIM\"");

    TableEnvironment columns =
        env(POSTGRES.jdbcUrl("idents"), "postgres", "twins", "id INT, name STRING", "NONE");
    assertThatThrownBy(() -> columns.explainSql(join))
        .hasStackTraceContaining("'name'")
        .hasStackTraceContaining("\"Name\"")
        .hasStackTraceContaining("\"NAME\"");
  }
}
