package io.streamkit.dimension;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.CapturedMetrics;
import io.streamkit.testkit.MariaDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When a FULL cache loads and what it reports: one load at task start and the next one a reload
 * interval later, counted on the database side (MariaDB's table statistics); {@code
 * numCachedRecords} equal to the rows the snapshot holds after incremental reloads.
 */
class FullCacheReloadITCase {
  @RegisterExtension static final MariaDb MARIADB = new MariaDb();
  private static final int ROWS = 100;
  private static int dbCounter;

  private String db;

  @BeforeEach
  void dimension() throws Exception {
    db = "reload" + (++dbCounter);
    MARIADB.createDatabase(db);
    try (Connection c = MARIADB.connect(db);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE dim (id INT PRIMARY KEY, grp INT, name VARCHAR(32), updated_at BIGINT)");
      for (int i = 0; i < ROWS; i++) {
        s.addBatch("INSERT INTO dim VALUES (" + i + ", " + (i % 10) + ", 'v1', 1)");
      }
      s.executeBatch();
    }
    CapturedMetrics.clear();
  }

  /** A lookup join on {@code joinKey} that streams until the iterator is closed. */
  private CloseableIterator<Row> stream(String joinKey, String cacheOptions) {
    TableEnvironment env =
        TableEnvironment.create(
            EnvironmentSettings.newInstance()
                .inStreamingMode()
                .withConfiguration(CapturedMetrics.addTo(new Configuration()))
                .build());
    env.getConfig().set("parallelism.default", "1");
    env.executeSql(
        "CREATE TABLE src (id INT, pt AS PROCTIME()) WITH ('connector' = 'datagen',"
            + " 'rows-per-second' = '100', 'fields.id.min' = '0', 'fields.id.max' = '99')");
    env.executeSql(
        "CREATE TABLE dim (id INT, grp INT, name STRING) WITH ('connector' = 'streamkit-jdbc',"
            + " 'url' = '"
            + MARIADB.jdbcUrl(db)
            + "', 'username' = 'root', 'table-name' = 'dim', 'lookup.cache' = 'FULL', "
            + cacheOptions
            + ")");
    return env.executeSql(
            "SELECT s.id, d.name FROM src AS s JOIN dim FOR SYSTEM_TIME AS OF s.pt AS d ON "
                + joinKey)
        .collect();
  }

  /** Rows of {@code dim} that the database has read for anyone, from its table statistics. */
  private long rowsReadFromDim() throws Exception {
    try (Connection c = MARIADB.connect(db);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT ROWS_READ FROM information_schema.TABLE_STATISTICS"
                    + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'dim'")) {
      ps.setString(1, db);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  @Test
  void oneLoadAtTaskStartAndTheNextOneAnIntervalLater() throws Exception {
    MARIADB.execute("mysql", "SET GLOBAL userstat = 1", "FLUSH TABLE_STATISTICS");
    long interval = 1500;
    try (CloseableIterator<Row> rows =
        stream(
            "s.id = d.id",
            "'lookup.full-cache.periodic-reload.interval' = '"
                + interval
                + " ms', 'lookup.full-cache.scan.parallelism' = '1'")) {
      rows.next(); // the task has opened: its first load is complete
      long firstLoadAt = CapturedMetrics.value(".cache.lastLoadTimestamp");

      CapturedMetrics.await(".cache.loadCount", n -> n >= 2, Duration.ofSeconds(30));
      long secondLoadAt = CapturedMetrics.value(".cache.lastLoadTimestamp");
      long rowsRead = rowsReadFromDim();

      assertThat(secondLoadAt - firstLoadAt)
          .as("the first reload waits one interval after the load at start")
          .isGreaterThanOrEqualTo(interval - 50);
      assertThat(rowsRead).as("two full scans of %d rows", ROWS).isEqualTo(2L * ROWS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"heap", "rocksdb"})
  void numCachedRecordsCountsTheRowsHeldAfterAnIncrementalReload(String backend) throws Exception {
    try (CloseableIterator<Row> rows =
        stream(
            "MOD(s.id, 10) = d.grp",
            "'lookup.full-cache.backend' = '"
                + backend
                + "', 'lookup.full-cache.periodic-reload.interval' = '100 ms',"
                + " 'lookup.full-cache.incremental-column' = 'updated_at',"
                + " 'lookup.full-cache.incremental.full-reload-every' = '100000'")) {
      rows.next();
      assertThat(CapturedMetrics.value(".cache.numCachedRecords")).isEqualTo(ROWS);

      // Groups 0-4 lose one row each; their remaining rows are marked as changed, so the next
      // incremental reload re-reads those groups whole.
      try (Connection c = MARIADB.connect(db);
          Statement s = c.createStatement()) {
        c.setAutoCommit(false);
        s.execute("DELETE FROM dim WHERE id < 5");
        s.execute("UPDATE dim SET updated_at = 2 WHERE grp < 5");
        c.commit();
      }
      long loads = CapturedMetrics.value(".cache.loadCount");
      // Two more loads: at least one of them started after the commit.
      CapturedMetrics.await(".cache.loadCount", n -> n >= loads + 2, Duration.ofSeconds(30));

      assertThat(CapturedMetrics.value(".cache.numCachedRecords")).isEqualTo(ROWS - 5);
    }
  }
}
