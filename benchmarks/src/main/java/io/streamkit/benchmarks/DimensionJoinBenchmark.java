package io.streamkit.benchmarks;

import io.streamkit.testkit.Postgres;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;

/**
 * Issue 3's benchmark: one lookup-join job per configuration on this machine, against a dimension
 * table in a private PostgreSQL, for streamkit-jdbc in every mode and for flink-connector-jdbc
 * (4.0.0-2.0) with NONE and PARTIAL at the same cache size. Keys follow a Zipf-like (log-uniform,
 * p(k) ~ 1/k) distribution over the dimension's ids.
 *
 * <p>Run: {@code benchmarks/run DimensionJoinBenchmark [dimRows] [cachedStreamRows]
 * [uncachedStreamRows] [partialStreamRows]}
 */
public final class DimensionJoinBenchmark {

  private record Result(String name, long rows, double seconds, long peakHeapMiB) {
    double rowsPerSecond() {
      return rows / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    long dimRows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    long fullRows = args.length > 1 ? Long.parseLong(args[1]) : 5_000_000;
    long noneRows = args.length > 2 ? Long.parseLong(args[2]) : 200_000;
    long partialRows = args.length > 3 ? Long.parseLong(args[3]) : 1_000_000;
    String only = args.length > 4 ? args[4] : ""; // run only configurations containing this
    // > 0: both connectors reach the database through a proxy adding this round-trip time
    long rttMicros = args.length > 5 ? Long.parseLong(args[5]) : 0;
    long cacheRows = dimRows / 10;

    Postgres postgres = new Postgres();
    postgres.start();
    LatencyProxy proxy = null;
    try {
      postgres.createDatabase("bench");
      postgres.execute(
          "bench",
          "CREATE TABLE dim (id INT PRIMARY KEY, name VARCHAR(64), grp INT)",
          "INSERT INTO dim SELECT g, 'name-' || g, g % 100 FROM generate_series(1, "
              + dimRows
              + ") g",
          "ANALYZE dim");
      String url = postgres.jdbcUrl("bench");
      if (rttMicros > 0) {
        java.net.URI direct = java.net.URI.create(url.substring("jdbc:".length()));
        proxy = new LatencyProxy(direct.getHost(), direct.getPort(), rttMicros / 2);
        url = url.replace(":" + direct.getPort() + "/", ":" + proxy.port() + "/");
      }
      System.out.printf("database round trip (SELECT 1): %.0f us%n", roundTripMicros(url));
      String ours =
          "'connector' = 'streamkit-jdbc', 'url' = '"
              + url
              + "', 'table-name' = 'dim', 'username' = 'postgres', 'password' = 'unused'";
      String theirs =
          "'connector' = 'jdbc', 'url' = '"
              + url
              + "', 'table-name' = 'dim', 'username' = 'postgres', 'password' = 'unused'";
      String partial =
          ", 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '" + cacheRows + "'";

      Map<String, Result> results = new LinkedHashMap<>();
      List<Object[]> runs = new ArrayList<>();
      runs.add(new Object[] {"flink-connector-jdbc NONE", theirs, noneRows});
      runs.add(
          new Object[] {
            "streamkit NONE sync",
            ours + ", 'lookup.cache' = 'NONE', 'lookup.async' = 'false'",
            noneRows
          });
      runs.add(
          new Object[] {
            "streamkit NONE async",
            ours
                + ", 'lookup.cache' = 'NONE', 'lookup.async' = 'true', 'connection.pool.max-size' = '4'",
            noneRows
          });
      runs.add(new Object[] {"flink-connector-jdbc PARTIAL", theirs + partial, partialRows});
      runs.add(
          new Object[] {
            "streamkit PARTIAL sync", ours + partial + ", 'lookup.async' = 'false'", partialRows
          });
      // the default: both offered, the planner picks the asynchronous one
      runs.add(new Object[] {"streamkit PARTIAL", ours + partial, partialRows});
      runs.add(
          new Object[] {
            "streamkit PARTIAL async", ours + partial + ", 'lookup.async' = 'true'", partialRows
          });
      runs.add(new Object[] {"streamkit FULL heap", ours + ", 'lookup.cache' = 'FULL'", fullRows});
      runs.add(
          new Object[] {
            "streamkit FULL rocksdb",
            ours + ", 'lookup.cache' = 'FULL', 'lookup.full-cache.backend' = 'rocksdb'",
            fullRows
          });
      // Warm-up (JIT, class loading, PostgreSQL buffers) with both connectors, not measured:
      // without
      // it, whichever configuration runs first looks slowest.
      run("warm-up", theirs + partial, partialRows / 4, dimRows);
      run("warm-up", ours + partial, partialRows / 4, dimRows);
      for (Object[] run : runs) {
        if (!((String) run[0]).contains(only)) {
          continue;
        }
        Result r = run((String) run[0], (String) run[1], (Long) run[2], dimRows);
        results.put(r.name(), r);
        System.out.printf(
            "%-30s %,10d rows in %6.1f s = %,10.0f rows/s, peak heap %,5d MiB%n",
            r.name(), r.rows(), r.seconds(), r.rowsPerSecond(), r.peakHeapMiB());
      }

      if (!only.isEmpty()) {
        return;
      }
      double theirNone = results.get("flink-connector-jdbc NONE").rowsPerSecond();
      double theirPartial = results.get("flink-connector-jdbc PARTIAL").rowsPerSecond();
      System.out.println();
      System.out.printf(
          "dimension-join: records/s streamkit PARTIAL (default) / flink-connector-jdbc PARTIAL = %.2f (target >= 1.5)%n",
          results.get("streamkit PARTIAL").rowsPerSecond() / theirPartial);
      System.out.printf(
          "dimension-join: records/s streamkit PARTIAL sync / flink-connector-jdbc PARTIAL = %.2f%n",
          results.get("streamkit PARTIAL sync").rowsPerSecond() / theirPartial);
      System.out.printf(
          "dimension-join: records/s streamkit PARTIAL async / flink-connector-jdbc PARTIAL = %.2f%n",
          results.get("streamkit PARTIAL async").rowsPerSecond() / theirPartial);
      System.out.printf(
          "dimension-join: records/s streamkit NONE sync / flink-connector-jdbc NONE = %.2f%n",
          results.get("streamkit NONE sync").rowsPerSecond() / theirNone);
      System.out.printf(
          "dimension-join: records/s streamkit NONE async / flink-connector-jdbc NONE = %.2f (target >= 3)%n",
          results.get("streamkit NONE async").rowsPerSecond() / theirNone);
      System.out.printf(
          "dimension-join: records/s streamkit FULL heap / flink-connector-jdbc NONE = %.1f (target >= 10)%n",
          results.get("streamkit FULL heap").rowsPerSecond() / theirNone);
      System.out.printf(
          "dimension-join: records/s streamkit FULL rocksdb / flink-connector-jdbc NONE = %.1f%n",
          results.get("streamkit FULL rocksdb").rowsPerSecond() / theirNone);
    } finally {
      if (proxy != null) {
        proxy.close();
      }
      postgres.close();
    }
  }

  /** The mean time of {@code SELECT 1} over one connection, as the connectors will see it. */
  private static double roundTripMicros(String url) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "postgres", "unused");
        java.sql.PreparedStatement select = c.prepareStatement("SELECT 1")) {
      for (int i = 0; i < 200; i++) {
        select.executeQuery().close();
      }
      long started = System.nanoTime();
      for (int i = 0; i < 1000; i++) {
        select.executeQuery().close();
      }
      return (System.nanoTime() - started) / 1000 / 1000.0;
    }
  }

  private static Result run(String name, String dimOptions, long rows, long dimRows)
      throws Exception {
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    env.getConfig().set("parallelism.default", "2");
    env.getConfig().set("table.exec.async-lookup.buffer-capacity", "1000");
    env.executeSql(
        "CREATE TABLE src (id BIGINT, pt AS PROCTIME()) WITH ('connector' = 'datagen',"
            + " 'rows-per-second' = '1000000000', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '"
            + rows
            + "')");
    // Log-uniform keys: p(k) ~ 1/k over [1, dimRows], a Zipf distribution with s = 1.
    env.executeSql(
        "CREATE VIEW s AS SELECT id, CAST(FLOOR(POWER("
            + dimRows
            + ".0, RAND())) AS INT) AS k, pt FROM src");
    env.executeSql("CREATE TABLE dim (id INT, name STRING, grp INT) WITH (" + dimOptions + ")");
    env.executeSql("CREATE TABLE out_t (id BIGINT, name STRING) WITH ('connector' = 'blackhole')");

    System.gc();
    long baseline = PeakHeap.used();
    long peak;
    double seconds;
    try (PeakHeap heap = PeakHeap.start()) {
      long start = System.nanoTime();
      env.executeSql(
              "INSERT INTO out_t SELECT s.id, d.name FROM s JOIN dim FOR SYSTEM_TIME AS OF s.pt AS d ON s.k = d.id")
          .await();
      seconds = (System.nanoTime() - start) / 1e9;
      peak = heap.peak();
    }
    return new Result(name, rows, seconds, Math.max(0, peak - baseline) >> 20);
  }
}
