package io.streamkit.dimension;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.DatabaseServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CollectionUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lookup joins through Flink SQL give exactly the rows of the same join computed by the database,
 * in every cache mode, on the primary key, on a non-unique column and on a composite key. Each
 * subclass runs it against one real database.
 */
abstract class DimensionJoinContractITCase {
  static final int STREAM_ROWS = 1000;

  protected abstract DatabaseServer server();

  protected abstract String database();

  /** Creates and fills the dimension tables and the stream's keys in the database. */
  static void createTables(DatabaseServer server, String db) throws Exception {
    server.createDatabase(db);
    try (Connection c = server.connect(db);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE dim_city (id INT PRIMARY KEY, name VARCHAR(64), region VARCHAR(32),"
              + " population BIGINT, score DECIMAL(10, 2), updated_at BIGINT)");
      s.execute(
          "CREATE TABLE dim_shop (city_id INT, shop_code VARCHAR(16), owner VARCHAR(32),"
              + " PRIMARY KEY (city_id, shop_code))");
      s.execute(
          "CREATE TABLE stream_keys (id INT, city_id INT, region VARCHAR(32), shop_code VARCHAR(16))");
      for (int i = 0; i < 200; i++) {
        s.addBatch(
            String.format(
                "INSERT INTO dim_city VALUES (%d, 'city-%d', 'r%d', %d, %d.25, 1)",
                i, i, i % 7, 1000L * i, i));
      }
      for (int i = 0; i < 200; i += 2) {
        for (String code : List.of("a", "b")) {
          s.addBatch(
              String.format(
                  "INSERT INTO dim_shop VALUES (%d, '%s', 'owner-%d-%s')", i, code, i, code));
        }
      }
      for (int i = 0; i < STREAM_ROWS; i++) {
        s.addBatch(
            String.format(
                "INSERT INTO stream_keys VALUES (%d, %d, 'r%d', '%s')",
                i, i % 250, i % 9, i % 3 == 0 ? "a" : "b"));
      }
      s.executeBatch();
    }
  }

  TableEnvironment session(String withOptions) {
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    env.getConfig().set("parallelism.default", "2");
    env.executeSql(
        "CREATE TABLE src (id INT, pt AS PROCTIME()) WITH ('connector' = 'datagen',"
            + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '"
            + (STREAM_ROWS - 1)
            + "')");
    env.executeSql(
        "CREATE VIEW s AS SELECT id, MOD(id, 250) AS city_id, CONCAT('r', CAST(MOD(id, 9) AS STRING))"
            + " AS region, CASE WHEN MOD(id, 3) = 0 THEN 'a' ELSE 'b' END AS shop_code, pt FROM src");
    String connection =
        "'connector' = 'streamkit-jdbc', 'url' = '"
            + server().jdbcUrl(database())
            + "', 'username' = '"
            + server().username()
            + "'"
            + withOptions;
    env.executeSql(
        "CREATE TABLE city (id INT, name STRING, region STRING, population BIGINT, score DECIMAL(10, 2))"
            + " WITH ("
            + connection
            + ", 'table-name' = 'dim_city')");
    env.executeSql(
        "CREATE TABLE shop (city_id INT, shop_code STRING, owner STRING) WITH ("
            + connection
            + ", 'table-name' = 'dim_shop')");
    return env;
  }

  static List<String> flink(TableEnvironment env, String sql) {
    return CollectionUtil.iteratorToList(env.executeSql(sql).collect()).stream()
        .map(DimensionJoinContractITCase::format)
        .sorted()
        .collect(Collectors.toList());
  }

  private static String format(Row row) {
    List<String> fields = new ArrayList<>();
    for (int i = 0; i < row.getArity(); i++) {
      fields.add(String.valueOf(row.getField(i)));
    }
    return String.join("|", fields);
  }

  List<String> database(String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = server().connect(database());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> fields = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          fields.add(String.valueOf(rs.getObject(i)));
        }
        rows.add(String.join("|", fields));
      }
    }
    rows.sort(null);
    return rows;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "NONE",
        "NONE sync",
        "NONE async",
        "LRU",
        "PARTIAL sync",
        "PARTIAL async",
        "ALL",
        "FULL rocksdb",
      })
  void joinsMatchTheDatabasesOwnJoin(String mode) throws Exception {
    String[] parts = mode.split(" ");
    String options = ", 'lookup.cache' = '" + parts[0] + "'";
    if (mode.endsWith(" async")) {
      options += ", 'lookup.async' = 'true'";
    } else if (mode.endsWith(" sync")) {
      options += ", 'lookup.async' = 'false'";
    }
    if (mode.endsWith("rocksdb")) {
      options += ", 'lookup.full-cache.backend' = 'rocksdb'";
    }
    if (parts[0].equals("LRU") || parts[0].equals("PARTIAL")) {
      options +=
          ", 'lookup.partial-cache.max-rows' = '50', 'lookup.partial-cache.cache-missing-key' = 'true'";
    }
    TableEnvironment env = session(options);

    // On the primary key, with misses (LEFT JOIN keeps them).
    assertThat(
            flink(
                env,
                "SELECT s.id, c.name, c.population, c.score FROM s LEFT JOIN city FOR SYSTEM_TIME AS OF s.pt AS c"
                    + " ON s.city_id = c.id"))
        .isEqualTo(
            database(
                "SELECT k.id, d.name, d.population, d.score FROM stream_keys k LEFT JOIN dim_city d"
                    + " ON k.city_id = d.id"));

    // On a non-unique column: several rows per key.
    assertThat(
            flink(
                env,
                "SELECT s.id, c.id FROM s JOIN city FOR SYSTEM_TIME AS OF s.pt AS c ON s.region = c.region"))
        .isEqualTo(
            database("SELECT k.id, d.id FROM stream_keys k JOIN dim_city d ON k.region = d.region"))
        .hasSizeGreaterThan(STREAM_ROWS);

    // On a composite key.
    assertThat(
            flink(
                env,
                "SELECT s.id, h.owner FROM s JOIN shop FOR SYSTEM_TIME AS OF s.pt AS h"
                    + " ON s.city_id = h.city_id AND s.shop_code = h.shop_code"))
        .isEqualTo(
            database(
                "SELECT k.id, d.owner FROM stream_keys k JOIN dim_shop d"
                    + " ON k.city_id = d.city_id AND k.shop_code = d.shop_code"));
  }
}
