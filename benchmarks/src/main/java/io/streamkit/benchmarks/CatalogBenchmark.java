package io.streamkit.benchmarks;

import io.streamkit.testkit.MariaDb;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.GenericInMemoryCatalog;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * Issue 2's catalog benchmark: {@code getTable} latency and planning time of the demo's ETL with
 * 10,000 tables in MariaDB, for the streamkit catalog and for Flink's {@link
 * GenericInMemoryCatalog} in the same run.
 *
 * <p>Run: {@code benchmarks/run CatalogBenchmark [tables] [lookups] [plans]}
 */
public final class CatalogBenchmark {
  private static final String DEMO_DDL_OPTIONS =
      "WITH ('connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = 'localhost:9092',"
          + " 'properties.group.id' = 'bench', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json')";

  private static final String STATEMENT_SET =
      "EXECUTE STATEMENT SET BEGIN\n"
          + "INSERT INTO dw.sdk_log_cdo SELECT event_id, system_id, imei, event_time, event_info FROM dw.sdk_log"
          + " WHERE system_id = '2' OR system_id = '1000';\n"
          + "INSERT INTO dw.sdk_log_browser_client SELECT event_id, system_id, imei, event_time, event_info"
          + " FROM dw.sdk_log WHERE system_id = '2007' AND event_info['eventTag'] = '10001';\n"
          + "INSERT INTO dw.sdk_log_browser_feeds SELECT event_id, system_id, imei, event_time, event_info"
          + " FROM dw.sdk_log WHERE system_id = '2007' AND (event_info['eventTag'] = '10012');\n"
          + "INSERT INTO dw.sdk_log_browser_search SELECT event_id, system_id, imei, event_time, event_info"
          + " FROM dw.sdk_log WHERE system_id = '2007' AND event_info['eventTag'] = '10006';\n"
          + "END";

  public static void main(String[] args) throws Exception {
    int tables = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int plans = args.length > 2 ? Integer.parseInt(args[2]) : 40;

    MariaDb mariadb = new MariaDb();
    mariadb.start();
    try {
      mariadb.createDatabase("meta");
      Map<String, String> options = new HashMap<>();
      options.put("type", "streamkit");
      options.put("url", mariadb.jdbcUrl("meta"));
      options.put("username", mariadb.username());
      Catalog streamkit =
          FactoryUtil.createCatalog(
              "sk", options, new Configuration(), CatalogBenchmark.class.getClassLoader());
      streamkit.open();
      Catalog inMemory = new GenericInMemoryCatalog("mem", "default");
      inMemory.open();

      long t0 = System.nanoTime();
      fill(streamkit, tables);
      double fillStreamkit = (System.nanoTime() - t0) / 1e9;
      fill(inMemory, tables);
      System.out.printf("Created %,d tables: MariaDB catalog in %.1f s%n", tables, fillStreamkit);

      Percentiles skGet = getTableLatency(streamkit, tables, lookups);
      Percentiles memGet = getTableLatency(inMemory, tables, lookups);
      // Interleaved, so that JIT warm-up and machine noise hit both alike.
      TableEnvironment skEnv = demoSession(streamkit);
      TableEnvironment memEnv = demoSession(inMemory);
      for (int i = 0; i < 20; i++) {
        skEnv.explainSql(STATEMENT_SET);
        memEnv.explainSql(STATEMENT_SET);
      }
      long[] sk = new long[plans];
      long[] mem = new long[plans];
      for (int i = 0; i < plans; i++) {
        sk[i] = planOnce(skEnv);
        mem[i] = planOnce(memEnv);
      }
      Percentiles skPlan = new Percentiles(sk);
      Percentiles memPlan = new Percentiles(mem);

      System.out.println();
      System.out.printf(
          "getTable, %d random lookups over %,d tables (microseconds):%n", lookups, tables);
      System.out.printf(
          "  %-30s p50 %8.1f  p99 %8.1f%n",
          "streamkit (MariaDB)", skGet.micros(50), skGet.micros(99));
      System.out.printf(
          "  %-30s p50 %8.1f  p99 %8.1f%n",
          "GenericInMemoryCatalog", memGet.micros(50), memGet.micros(99));
      System.out.printf(
          "Planning the demo ETL (4 INSERTs in one statement set), %d runs (milliseconds):%n",
          plans);
      System.out.printf(
          "  %-30s p50 %8.1f  p90 %8.1f%n",
          "streamkit (MariaDB)", skPlan.millis(50), skPlan.millis(90));
      System.out.printf(
          "  %-30s p50 %8.1f  p90 %8.1f%n",
          "GenericInMemoryCatalog", memPlan.millis(50), memPlan.millis(90));
      System.out.println();
      System.out.printf(
          "catalog: getTable p50 streamkit / in-memory = %.1f (absolute %.0f us vs %.1f us)%n",
          skGet.micros(50) / memGet.micros(50), skGet.micros(50), memGet.micros(50));
      System.out.printf(
          "catalog: planning p50 streamkit / in-memory = %.2f (target <= 1.5)%n",
          skPlan.millis(50) / memPlan.millis(50));
      streamkit.close();
    } finally {
      mariadb.close();
    }
  }

  /** {@code tables} Kafka-like tables over 10 databases, plus the demo's tables in {@code dw}. */
  private static void fill(Catalog catalog, int tables) throws Exception {
    for (int d = 0; d < 10; d++) {
      catalog.createDatabase("db" + d, new CatalogDatabaseImpl(Map.of(), null), true);
    }
    catalog.createDatabase("dw", new CatalogDatabaseImpl(Map.of(), null), true);
    ResolvedSchema schema =
        ResolvedSchema.of(
            Column.physical("id", DataTypes.BIGINT()),
            Column.physical("name", DataTypes.STRING()),
            Column.physical("city", DataTypes.STRING()),
            Column.physical("amount", DataTypes.DECIMAL(18, 2)),
            Column.physical("tags", DataTypes.MAP(DataTypes.STRING(), DataTypes.STRING())),
            Column.physical("ts", DataTypes.TIMESTAMP(3)));
    for (int i = 0; i < tables; i++) {
      Map<String, String> options =
          Map.of(
              "connector", "kafka",
              "topic", "topic_" + i,
              "properties.bootstrap.servers", "kafka-1:9092,kafka-2:9092",
              "properties.group.id", "g" + i,
              "format", "json");
      CatalogTable table =
          CatalogTable.newBuilder()
              .schema(Schema.newBuilder().fromResolvedSchema(schema).build())
              .comment("table " + i)
              .options(options)
              .build();
      catalog.createTable(
          new ObjectPath("db" + (i % 10), "t" + i), new ResolvedCatalogTable(table, schema), true);
    }
  }

  private static Percentiles getTableLatency(Catalog catalog, int tables, int lookups)
      throws Exception {
    Random random = new Random(7);
    for (int i = 0; i < lookups; i++) { // warm-up: JIT, connection pool, cache
      int t = random.nextInt(tables);
      catalog.getTable(new ObjectPath("db" + (t % 10), "t" + t));
    }
    long[] samples = new long[lookups];
    for (int i = 0; i < lookups; i++) {
      int t = random.nextInt(tables);
      ObjectPath path = new ObjectPath("db" + (t % 10), "t" + t);
      long start = System.nanoTime();
      catalog.getTable(path);
      samples[i] = System.nanoTime() - start;
    }
    return new Percentiles(samples);
  }

  private static TableEnvironment demoSession(Catalog catalog) {
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    env.registerCatalog("bench", catalog);
    env.useCatalog("bench");
    env.executeSql(
        "CREATE TABLE IF NOT EXISTS dw.sdk_log (event_id BIGINT, system_id STRING, imei STRING,"
            + " event_time BIGINT, event_info MAP<STRING, STRING>) "
            + String.format(DEMO_DDL_OPTIONS, "sdk_log"));
    for (String sink :
        List.of(
            "sdk_log_cdo",
            "sdk_log_browser_client",
            "sdk_log_browser_feeds",
            "sdk_log_browser_search")) {
      env.executeSql(
          "CREATE TABLE IF NOT EXISTS dw."
              + sink
              + " (event_id BIGINT, system_id STRING, imei STRING,"
              + " event_time BIGINT, event_info MAP<STRING, STRING>) "
              + String.format(DEMO_DDL_OPTIONS, sink));
    }
    return env;
  }

  private static long planOnce(TableEnvironment env) {
    long start = System.nanoTime();
    env.explainSql(STATEMENT_SET);
    return System.nanoTime() - start;
  }
}
