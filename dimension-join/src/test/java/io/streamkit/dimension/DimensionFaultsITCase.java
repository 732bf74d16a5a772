package io.streamkit.dimension;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.CapturedMetrics;
import io.streamkit.testkit.MariaDb;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database changing, failing and coming back while a lookup join streams: no output row is lost
 * or duplicated, a FULL cache picks up changes and keeps serving through an outage, and a NONE
 * cache rides out a restart with retries.
 */
class DimensionFaultsITCase {
  @RegisterExtension static final MariaDb MARIADB = new MariaDb();
  private static final int ROWS = 1500;
  private static int dbCounter;

  private String db;

  @BeforeEach
  void dimension() throws Exception {
    db = "faults" + (++dbCounter);
    MARIADB.createDatabase(db);
    try (Connection c = MARIADB.connect(db);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE dim (id INT PRIMARY KEY, name VARCHAR(32), updated_at BIGINT DEFAULT 1)");
      for (int i = 0; i < 100; i++) {
        s.addBatch("INSERT INTO dim (id, name) VALUES (" + i + ", 'v1')");
      }
      s.executeBatch();
    }
  }

  private Iterator<Row> stream(String cacheOptions) {
    CapturedMetrics.clear();
    TableEnvironment env =
        TableEnvironment.create(
            EnvironmentSettings.newInstance()
                .inStreamingMode()
                .withConfiguration(CapturedMetrics.addTo(new Configuration()))
                .build());
    env.getConfig().set("parallelism.default", "1");
    env.executeSql(
        "CREATE TABLE src (id INT, pt AS PROCTIME()) WITH ('connector' = 'datagen',"
            + " 'rows-per-second' = '300', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0',"
            + " 'fields.id.end' = '"
            + (ROWS - 1)
            + "')");
    env.executeSql(
        "CREATE TABLE dim (id INT, name STRING) WITH ('connector' = 'streamkit-jdbc', 'url' = '"
            + MARIADB.jdbcUrl(db)
            + "', 'username' = 'root', 'table-name' = 'dim', "
            + cacheOptions
            + ")");
    return env.executeSql(
            "SELECT s.id, d.name FROM src AS s LEFT JOIN dim FOR SYSTEM_TIME AS OF s.pt AS d"
                + " ON MOD(s.id, 100) = d.id")
        .collect();
  }

  private static void assertEveryRowOnce(List<Row> rows) {
    assertThat(rows).hasSize(ROWS);
    assertThat(rows.stream().map(r -> (Integer) r.getField(0)).distinct().count()).isEqualTo(ROWS);
    assertThat(rows).allSatisfy(r -> assertThat(r.getField(1)).isNotNull());
  }

  @Test
  void fullCacheSeesUpdatesAndServesThroughAnOutage() throws Exception {
    Iterator<Row> results =
        stream(
            "'lookup.cache' = 'FULL', 'lookup.full-cache.reload-strategy' = 'PERIODIC',"
                + " 'lookup.full-cache.periodic-reload.interval' = '200 ms', 'lookup.max-retries' = '0',"
                + " 'connection.timeout' = '500 ms'");
    List<Row> rows = new ArrayList<>();
    CompletableFuture<Long> failuresDuringOutage = null;
    while (results.hasNext()) {
      rows.add(results.next());
      if (rows.size() == 300) {
        MARIADB.execute(db, "UPDATE dim SET name = 'v2'");
      }
      if (rows.size() == 800) {
        assertThat(CapturedMetrics.value(".cache.numLoadFailures")).isZero();
        MARIADB.stop(); // every reload fails from now on
        // The database comes back only after a failed reload has been counted.
        failuresDuringOutage =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return CapturedMetrics.await(
                        ".cache.numLoadFailures", n -> n >= 1, Duration.ofSeconds(30));
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  } finally {
                    MARIADB.restart();
                  }
                });
      }
    }
    assertThat(failuresDuringOutage.get(60, TimeUnit.SECONDS))
        .as("a failed reload is counted in cache.numLoadFailures")
        .isGreaterThanOrEqualTo(1);

    assertEveryRowOnce(rows);
    assertThat(rows.subList(0, 100)).allSatisfy(r -> assertThat(r.getField(1)).isEqualTo("v1"));
    // Reloads every 200 ms at 300 rows/s: the update shows up well before the outage, and the
    // snapshot keeps serving v2 while the database is down and reloads fail.
    assertThat(rows.subList(700, ROWS)).allSatisfy(r -> assertThat(r.getField(1)).isEqualTo("v2"));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"heap", "rocksdb"})
  void incrementalReloadMergesChangedRows(String backend) throws Exception {
    Iterator<Row> results =
        stream(
            "'lookup.cache' = 'ALL', 'lookup.full-cache.backend' = '"
                + backend
                + "',"
                + " 'lookup.full-cache.incremental-column' = 'updated_at',"
                + " 'lookup.full-cache.periodic-reload.interval' = '200 ms'");
    List<Row> rows = new ArrayList<>();
    while (results.hasNext()) {
      rows.add(results.next());
      if (rows.size() == 300) {
        // Only rows with a newer updated_at are fetched again; a change without it is not seen.
        MARIADB.execute(db, "UPDATE dim SET name = 'v2', updated_at = 2 WHERE id < 50");
        MARIADB.execute(db, "UPDATE dim SET name = 'unseen' WHERE id >= 50");
      }
    }
    assertEveryRowOnce(rows);
    List<Row> late = rows.subList(1000, ROWS);
    assertThat(late)
        .allSatisfy(
            r ->
                assertThat(r.getField(1))
                    .isEqualTo((Integer) r.getField(0) % 100 < 50 ? "v2" : "v1"));
  }

  @Test
  void noCacheRetriesThroughADatabaseRestart() throws Exception {
    Iterator<Row> results =
        stream(
            "'lookup.cache' = 'NONE', 'lookup.max-retries' = '10', 'lookup.retry.backoff' = '200 ms'");
    List<Row> rows = new ArrayList<>();
    CompletableFuture<Void> restarted = null;
    while (results.hasNext()) {
      rows.add(results.next());
      if (rows.size() == 400) {
        MARIADB.stop();
        restarted =
            CompletableFuture.runAsync(
                MARIADB::restart, CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS));
      }
    }
    restarted.get(60, TimeUnit.SECONDS);
    assertEveryRowOnce(rows);
    assertThat(rows).allSatisfy(r -> assertThat(r.getField(1)).isEqualTo("v1"));
  }

  @Test
  void missingTableOrColumnIsAPlanningError() {
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    env.executeSql("CREATE TABLE src (id INT, pt AS PROCTIME()) WITH ('connector' = 'datagen')");
    String connection =
        "'connector' = 'streamkit-jdbc', 'url' = '"
            + MARIADB.jdbcUrl(db)
            + "', 'username' = 'root'";
    env.executeSql(
        "CREATE TABLE bad_col (id INT, region STRING) WITH ("
            + connection
            + ", 'table-name' = 'dim')");
    env.executeSql(
        "CREATE TABLE bad_tab (id INT) WITH (" + connection + ", 'table-name' = 'dim_nope')");
    env.executeSql(
        "CREATE TABLE bad_mode (id INT) WITH ("
            + connection
            + ", 'table-name' = 'dim', 'lookup.cache' = 'SOME')");
    String join = "SELECT * FROM src AS s JOIN %s FOR SYSTEM_TIME AS OF s.pt AS d ON s.id = d.id";
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> env.explainSql(String.format(join, "bad_col")))
        .hasStackTraceContaining(
            "Table 'dim' has no column 'region' (columns: id, name, updated_at)");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> env.explainSql(String.format(join, "bad_tab")))
        .hasStackTraceContaining("Table 'dim_nope' (the 'table-name' of")
        .hasStackTraceContaining("cannot be read");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> env.explainSql(String.format(join, "bad_mode")))
        .hasStackTraceContaining("Use NONE, PARTIAL (alias LRU) or FULL (alias ALL)");
  }
}
