package io.streamkit.benchmarks;

import io.streamkit.testkit.Postgres;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * Issue 3's benchmark: one lookup-join job per configuration on this machine, against a dimension
 * table in a private PostgreSQL, for streamkit-jdbc in every mode and for flink-connector-jdbc
 * (4.0.0-2.0) with NONE and PARTIAL at the same cache size, parallelism and heap. Keys follow a
 * Zipf-like (log-uniform, p(k) ~ 1/k) distribution over the dimension's ids.
 *
 * <p>flink-connector-jdbc's lookup holds one connection per parallel task and has no setting for
 * more (its documented maximum); our async lookups run once with the same one connection per task
 * and once with our default pool of 4. Every configuration warms up with a quarter-size job, then
 * all run interleaved for {@code rounds} rounds. Throughput is measured at the sink in steady state
 * (from the moment a fifth of the rows had arrived to the last row), start-up (submission to the
 * first row, which includes a FULL cache's load) apart; the sink checks every joined row.
 *
 * <p>Run: {@code benchmarks/run DimensionJoinBenchmark [dimRows] [fullRows] [noneRows]
 * [partialRows] [only] [rttMicros] [rounds]}
 */
public final class DimensionJoinBenchmark {
  private static final String THEIR_NONE = "flink-connector-jdbc NONE";
  private static final String THEIR_PARTIAL = "flink-connector-jdbc PARTIAL";

  private record Result(SinkMeter.Reading reading, long peakHeapMiB) {
    double rowsPerSecond() {
      return reading.rowsPerSecond();
    }

    double startupSeconds() {
      return reading.startupSeconds();
    }
  }

  public static void main(String[] args) throws Exception {
    long dimRows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    long fullRows = args.length > 1 ? Long.parseLong(args[1]) : 2_000_000;
    long noneRows = args.length > 2 ? Long.parseLong(args[2]) : 200_000;
    long partialRows = args.length > 3 ? Long.parseLong(args[3]) : 600_000;
    String only = args.length > 4 ? args[4] : ""; // run only configurations containing this
    // > 0: both connectors reach the database through a proxy adding this round-trip time
    long rttMicros = args.length > 5 ? Long.parseLong(args[5]) : 0;
    int rounds = args.length > 6 ? Integer.parseInt(args[6]) : 3;
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
      String pool1 = ", 'connection.pool.max-size' = '1'";

      Map<String, Object[]> configs = new LinkedHashMap<>();
      configs.put(THEIR_NONE, new Object[] {theirs, noneRows});
      configs.put(
          "streamkit NONE sync",
          new Object[] {ours + ", 'lookup.cache' = 'NONE', 'lookup.async' = 'false'", noneRows});
      configs.put(
          "streamkit NONE async pool 1",
          new Object[] {
            ours + ", 'lookup.cache' = 'NONE', 'lookup.async' = 'true'" + pool1, noneRows
          });
      configs.put(
          "streamkit NONE async pool 4",
          new Object[] {ours + ", 'lookup.cache' = 'NONE', 'lookup.async' = 'true'", noneRows});
      configs.put(THEIR_PARTIAL, new Object[] {theirs + partial, partialRows});
      configs.put(
          "streamkit PARTIAL sync",
          new Object[] {ours + partial + ", 'lookup.async' = 'false'", partialRows});
      // the default: both offered, the planner picks the asynchronous one; pool of 4
      configs.put("streamkit PARTIAL default", new Object[] {ours + partial, partialRows});
      configs.put(
          "streamkit PARTIAL async pool 1",
          new Object[] {ours + partial + ", 'lookup.async' = 'true'" + pool1, partialRows});
      configs.put(
          "streamkit FULL heap", new Object[] {ours + ", 'lookup.cache' = 'FULL'", fullRows});
      // RocksDB is slower per lookup: the PARTIAL length keeps its run as long as the others
      configs.put(
          "streamkit FULL rocksdb",
          new Object[] {
            ours + ", 'lookup.cache' = 'FULL', 'lookup.full-cache.backend' = 'rocksdb'", partialRows
          });

      Map<String, Rounds.Trial<Result>> trials = new LinkedHashMap<>();
      configs.forEach(
          (name, config) -> {
            if (name.contains(only)) {
              trials.put(
                  name,
                  round -> {
                    long rows = (Long) config[1];
                    Result r = run((String) config[0], round == 0 ? rows / 4 : rows, dimRows);
                    System.out.printf(
                        "%-32s %5s %,10d rows, start-up %5.1f s, steady %,10.0f rows/s,"
                            + " in sink %,10d (wrong %d), peak heap %,5d MiB%n",
                        name,
                        round == 0 ? "warm" : String.valueOf(round),
                        round == 0 ? rows / 4 : rows,
                        r.startupSeconds(),
                        r.rowsPerSecond(),
                        r.reading().rows(),
                        r.reading().wrong(),
                        r.peakHeapMiB());
                    long expected = round == 0 ? rows / 4 : rows;
                    if (r.reading().rows() != expected || r.reading().wrong() != 0) {
                      throw new IllegalStateException(
                          name + ": the sink holds " + r.reading() + ", expected " + expected);
                    }
                    return r;
                  });
            }
          });
      Map<String, List<Result>> results = Rounds.interleaved(rounds, trials);

      System.out.printf(
          "%n%d rounds, interleaved, after one warm-up job each; min / median / max%n", rounds);
      System.out.printf(
          "%-32s %-38s %-22s %s%n",
          "configuration", "steady rows/s", "start-up s", "peak heap MiB");
      results.forEach(
          (name, rs) ->
              System.out.printf(
                  "%-32s %s   %s   %s%n",
                  name,
                  Rounds.spread(rs, Result::rowsPerSecond, "%,10.0f"),
                  Rounds.spread(rs, Result::startupSeconds, "%4.1f"),
                  Rounds.spread(rs, r -> r.peakHeapMiB(), "%,5.0f")));
      System.out.println();
      System.out.println("ratio of medians, steady rows/s, streamkit / flink-connector-jdbc:");
      for (String name : results.keySet()) {
        if (name.startsWith("flink-connector-jdbc")) {
          continue;
        }
        String reference = name.contains("PARTIAL") ? THEIR_PARTIAL : THEIR_NONE;
        if (results.containsKey(reference)) {
          System.out.printf(
              "dimension-join: %-30s / %-28s = %s%n",
              name,
              reference,
              Rounds.ratio(results.get(name), results.get(reference), Result::rowsPerSecond));
        }
      }
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

  private static Result run(String dimOptions, long rows, long dimRows) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    StreamTableEnvironment tables = StreamTableEnvironment.create(env);
    tables.getConfig().set("table.exec.async-lookup.buffer-capacity", "1000");
    tables.executeSql(
        "CREATE TABLE src (id BIGINT, pt AS PROCTIME()) WITH ('connector' = 'datagen',"
            + " 'rows-per-second' = '1000000000', 'number-of-rows' = '"
            + rows
            + "')");
    // Log-uniform keys: p(k) ~ 1/k over [1, dimRows), a Zipf distribution with s = 1.
    tables.executeSql(
        "CREATE VIEW s AS SELECT id, CAST(FLOOR(POWER("
            + dimRows
            + ".0, RAND())) AS INT) AS k, pt FROM src");
    tables.executeSql("CREATE TABLE dim (id INT, name STRING, grp INT) WITH (" + dimOptions + ")");
    Table joined =
        tables.sqlQuery(
            "SELECT s.k, d.name FROM s JOIN dim FOR SYSTEM_TIME AS OF s.pt AS d ON s.k = d.id");
    // Every key exists, so every row must arrive, with the name of its own key.
    tables
        .toDataStream(joined)
        .sinkTo(SinkMeter.sink((Row row) -> ("name-" + row.getField(0)).equals(row.getField(1))));

    System.gc();
    long baseline = PeakHeap.used();
    try (PeakHeap heap = PeakHeap.start();
        SinkMeter meter = SinkMeter.start(rows / 5)) {
      env.execute("dimension-join-bench");
      SinkMeter.Reading reading = meter.read();
      return new Result(reading, Math.max(0, heap.peak() - baseline) >> 20);
    }
  }
}
