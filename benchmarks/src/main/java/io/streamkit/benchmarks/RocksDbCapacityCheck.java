package io.streamkit.benchmarks;

import io.streamkit.testkit.Postgres;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Does the FULL cache's RocksDB backend hold a dimension table far larger than the heap? Run it in
 * a JVM with a 512 MB heap, which the in-process TaskManager shares:
 *
 * <pre>BENCH_JAVA_OPTS=-Xmx512m benchmarks/run RocksDbCapacityCheck 10000000 [backend]</pre>
 *
 * It loads a PostgreSQL table of that many rows, then runs a lookup join of 200,000 uniformly
 * random keys against it with {@code 'lookup.cache' = 'FULL'} and checks that every key found its
 * row. With backend {@code heap} the same run shows what the heap backend does instead.
 */
public final class RocksDbCapacityCheck {
  public static void main(String[] args) throws Exception {
    long dimRows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000;
    String backend = args.length > 1 ? args[1] : "rocksdb";
    long streamRows = 200_000;
    System.out.printf(
        "max heap %,d MiB, %,d dimension rows, backend %s%n",
        Runtime.getRuntime().maxMemory() >> 20, dimRows, backend);
    Postgres postgres = new Postgres();
    try {
      postgres.start();
      postgres.createDatabase("bench");
      long started = System.nanoTime();
      postgres.execute(
          "bench",
          "CREATE TABLE dim (id INT PRIMARY KEY, name VARCHAR(64), grp INT)",
          "INSERT INTO dim SELECT g, 'name-' || g, g % 100 FROM generate_series(1, "
              + dimRows
              + ") g",
          "ANALYZE dim");
      System.out.printf("table loaded in %.0f s%n", (System.nanoTime() - started) / 1e9);

      TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
      env.getConfig().set("parallelism.default", "1");
      env.executeSql(
          "CREATE TABLE src (id BIGINT, pt AS PROCTIME()) WITH ('connector' = 'datagen',"
              + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '"
              + streamRows
              + "')");
      env.executeSql(
          "CREATE TABLE dim (id INT, name STRING, grp INT) WITH ('connector' = 'streamkit-jdbc',"
              + " 'url' = '"
              + postgres.jdbcUrl("bench")
              + "', 'table-name' = 'dim', 'username' = 'postgres', 'password' = 'unused',"
              + " 'lookup.cache' = 'FULL', 'lookup.full-cache.backend' = '"
              + backend
              + "')");
      started = System.nanoTime();
      try (PeakHeap heap = PeakHeap.start();
          CloseableIterator<Row> result =
              env.executeSql(
                      "SELECT count(*), count(d.name) FROM (SELECT id, CAST(FLOOR(RAND() * "
                          + dimRows
                          + ") + 1 AS INT) AS k, pt FROM src) s JOIN dim FOR SYSTEM_TIME AS OF s.pt"
                          + " AS d ON s.k = d.id")
                  .collect()) {
        Row last = null;
        while (result.hasNext()) {
          last = result.next();
        }
        System.out.printf(
            "join of %,d keys: %s matched in %.0f s (load included), peak heap used %,d MiB of"
                + " %,d%n",
            streamRows,
            last == null ? "none" : last.getField(1),
            (System.nanoTime() - started) / 1e9,
            heap.peak() >> 20,
            Runtime.getRuntime().maxMemory() >> 20);
        if (last == null || ((Number) last.getField(1)).longValue() != streamRows) {
          throw new IllegalStateException("not every key found its row: " + last);
        }
        System.out.println("OK");
      }
    } finally {
      postgres.close();
    }
  }
}
