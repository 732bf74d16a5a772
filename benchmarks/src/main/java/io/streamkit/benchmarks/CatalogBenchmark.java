package io.streamkit.benchmarks;

import io.streamkit.testkit.MariaDb;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.GenericInMemoryCatalog;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogColumnStatisticsDataBase;
import org.apache.flink.table.catalog.stats.CatalogColumnStatisticsDataLong;
import org.apache.flink.table.catalog.stats.CatalogColumnStatisticsDataString;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * Issue 2's catalog benchmark: {@code getTable} latency and planning time of the demo's ETL with
 * 10,000 tables in MariaDB, for the streamkit catalog and for Flink's {@link
 * GenericInMemoryCatalog} in the same run; since issue 14 every table also has table and column
 * statistics, and a batch join of three tables is planned by them (the run checks the planner read
 * them).
 *
 * <p>Both catalogs get the same tables. Each measurement warms up (round 0: {@code lookups}
 * lookups, 5 x {@code plans} plannings), then the two catalogs run interleaved for {@code rounds}
 * rounds of {@code lookups} random lookups (each checked: the table found is the one asked for) and
 * of {@code plans} plannings; min / median / max of the per-round percentiles and the ratio of
 * medians are printed. Filling the catalogs is reported apart.
 *
 * <p>Run: {@code benchmarks/run CatalogBenchmark [tables] [lookups] [plans] [rounds]}
 */
public final class CatalogBenchmark {
  private static final String OURS = "streamkit (MariaDB)";
  private static final String REFERENCE = "GenericInMemoryCatalog";

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

  /** Percentiles of one round, in microseconds (getTable) or milliseconds (planning). */
  private record Round(double p50, double p9x) {}

  public static void main(String[] args) throws Exception {
    int tables = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int plans = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;

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
      t0 = System.nanoTime();
      fill(inMemory, tables);
      double fillInMemory = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "Created %,d tables: MariaDB catalog in %.1f s, in-memory catalog in %.2f s%n",
          tables, fillStreamkit, fillInMemory);

      Map<String, Rounds.Trial<Round>> gets = new LinkedHashMap<>();
      gets.put(OURS, round -> getTableLatency(OURS, round, streamkit, tables, lookups));
      gets.put(REFERENCE, round -> getTableLatency(REFERENCE, round, inMemory, tables, lookups));
      Map<String, List<Round>> get = Rounds.interleaved(rounds, gets);

      TableEnvironment skEnv = demoSession(streamkit);
      TableEnvironment memEnv = demoSession(inMemory);
      Map<String, Rounds.Trial<Round>> planning = new LinkedHashMap<>();
      planning.put(OURS, round -> plan(OURS, round, skEnv, plans, STATEMENT_SET));
      planning.put(REFERENCE, round -> plan(REFERENCE, round, memEnv, plans, STATEMENT_SET));
      Map<String, List<Round>> plan = Rounds.interleaved(rounds, planning);

      TableEnvironment skBatch = batchSession(streamkit);
      TableEnvironment memBatch = batchSession(inMemory);
      String statsPlan = skBatch.explainSql(JOIN, ExplainDetail.ESTIMATED_COST);
      if (!statsPlan.contains("rowcount = 5.0E7")) {
        throw new IllegalStateException("The planner did not read the statistics:\n" + statsPlan);
      }
      Map<String, Rounds.Trial<Round>> joins = new LinkedHashMap<>();
      joins.put(OURS, round -> plan(OURS, round, skBatch, plans, JOIN));
      joins.put(REFERENCE, round -> plan(REFERENCE, round, memBatch, plans, JOIN));
      Map<String, List<Round>> join = Rounds.interleaved(rounds, joins);

      System.out.println();
      System.out.printf(
          "getTable, %d rounds of %,d random lookups over %,d tables, interleaved, after a warm-up"
              + " round; min / median / max (microseconds):%n",
          rounds, lookups, tables);
      get.forEach(
          (name, rs) ->
              System.out.printf(
                  "  %-24s p50 %s   p99 %s%n",
                  name,
                  Rounds.spread(rs, Round::p50, "%7.1f"),
                  Rounds.spread(rs, Round::p9x, "%7.1f")));
      System.out.printf(
          "Planning the demo ETL (4 INSERTs in one statement set), %d rounds of %d, interleaved,"
              + " after a warm-up round; min / median / max (milliseconds):%n",
          rounds, plans);
      plan.forEach(
          (name, rs) ->
              System.out.printf(
                  "  %-24s p50 %s   p90 %s%n",
                  name,
                  Rounds.spread(rs, Round::p50, "%6.1f"),
                  Rounds.spread(rs, Round::p9x, "%6.1f")));
      System.out.printf(
          "Planning a batch join of three tables by their statistics (every table has table and"
              + " column statistics), %d rounds of %d, interleaved, after a warm-up round; min /"
              + " median / max (milliseconds):%n",
          rounds, plans);
      join.forEach(
          (name, rs) ->
              System.out.printf(
                  "  %-24s p50 %s   p90 %s%n",
                  name,
                  Rounds.spread(rs, Round::p50, "%6.1f"),
                  Rounds.spread(rs, Round::p9x, "%6.1f")));
      System.out.println();
      System.out.printf(
          "catalog: getTable p50 streamkit / in-memory, ratio of medians = %s (absolute %.0f us vs"
              + " %.1f us)%n",
          Rounds.ratio(get.get(OURS), get.get(REFERENCE), Round::p50),
          Rounds.median(get.get(OURS), Round::p50),
          Rounds.median(get.get(REFERENCE), Round::p50));
      System.out.printf(
          "catalog: planning p50 streamkit / in-memory, ratio of medians = %s (target <= 1.5)%n",
          Rounds.ratio(plan.get(OURS), plan.get(REFERENCE), Round::p50));
      System.out.printf(
          "catalog: planning p90 streamkit / in-memory, ratio of medians = %s%n",
          Rounds.ratio(plan.get(OURS), plan.get(REFERENCE), Round::p9x));
      System.out.printf(
          "catalog: batch join planning with statistics p50 streamkit / in-memory, ratio of"
              + " medians = %s (target <= 1.5)%n",
          Rounds.ratio(join.get(OURS), join.get(REFERENCE), Round::p50));
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
      ObjectPath path = new ObjectPath("db" + (i % 10), "t" + i);
      catalog.createTable(path, new ResolvedCatalogTable(table, schema), true);
      catalog.alterTableStatistics(path, tableStats(1_000L + i), false);
      catalog.alterTableColumnStatistics(path, columnStats(1_000L + i), false);
    }
    // Three bounded tables for the batch join, whose plan depends on their statistics.
    for (int j = 0; j < 3; j++) {
      ResolvedSchema small =
          ResolvedSchema.of(
              Column.physical("id", DataTypes.BIGINT()),
              Column.physical("name", DataTypes.STRING()));
      ObjectPath path = new ObjectPath("dw", "dim_" + j);
      catalog.createTable(
          path,
          new ResolvedCatalogTable(
              CatalogTable.newBuilder()
                  .schema(Schema.newBuilder().fromResolvedSchema(small).build())
                  .options(Map.of("connector", "datagen", "number-of-rows", "1000"))
                  .build(),
              small),
          true);
      long rows = j == 0 ? 50_000_000L : 1_000L * (j + 1);
      catalog.alterTableStatistics(path, tableStats(rows), false);
      catalog.alterTableColumnStatistics(path, columnStats(rows), false);
    }
  }

  private static CatalogTableStatistics tableStats(long rows) {
    return new CatalogTableStatistics(rows, 4, rows * 120, rows * 200);
  }

  private static CatalogColumnStatistics columnStats(long rows) {
    Map<String, CatalogColumnStatisticsDataBase> columns = new HashMap<>();
    columns.put("id", new CatalogColumnStatisticsDataLong(0L, rows, rows, 0L));
    columns.put("name", new CatalogColumnStatisticsDataString(32L, 12.5, rows / 2, 0L));
    return new CatalogColumnStatistics(columns);
  }

  /** p50 and p99 of one round of random lookups, each checked to return the table asked for. */
  private static Round getTableLatency(
      String name, int round, Catalog catalog, int tables, int lookups) throws Exception {
    Random random = new Random(7 + round);
    long[] samples = new long[lookups];
    for (int i = 0; i < lookups; i++) {
      int t = random.nextInt(tables);
      ObjectPath path = new ObjectPath("db" + (t % 10), "t" + t);
      long start = System.nanoTime();
      CatalogBaseTable table = catalog.getTable(path);
      samples[i] = System.nanoTime() - start;
      if (!("topic_" + t).equals(table.getOptions().get("topic"))) {
        throw new IllegalStateException(name + " returned " + table.getOptions() + " for " + path);
      }
    }
    Percentiles p = new Percentiles(samples);
    System.out.printf(
        "getTable  %-24s %5s p50 %7.1f us  p99 %7.1f us%n",
        name, round == 0 ? "warm" : String.valueOf(round), p.micros(50), p.micros(99));
    return new Round(p.micros(50), p.micros(99));
  }

  /** p50 and p90 of {@code plans} plannings of the demo's statement set. */
  private static Round plan(
      String name, int round, TableEnvironment env, int plans, String statement) {
    // The planner's JIT warm-up is long: a first run still gained 30% over 3 rounds after 20.
    long[] samples = new long[round == 0 ? plans * 5 : plans];
    for (int i = 0; i < samples.length; i++) {
      long start = System.nanoTime();
      env.explainSql(statement);
      samples[i] = System.nanoTime() - start;
    }
    Percentiles p = new Percentiles(samples);
    System.out.printf(
        "planning  %-24s %5s p50 %7.1f ms  p90 %7.1f ms%n",
        name, round == 0 ? "warm" : String.valueOf(round), p.millis(50), p.millis(90));
    return new Round(p.millis(50), p.millis(90));
  }

  private static final String JOIN =
      "SELECT a.id, b.name, c.name FROM dw.dim_0 a JOIN dw.dim_1 b ON a.id = b.id"
          + " JOIN dw.dim_2 c ON b.id = c.id WHERE a.name <> 'x'";

  private static TableEnvironment batchSession(Catalog catalog) {
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    env.registerCatalog("bench", catalog);
    env.useCatalog("bench");
    return env;
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
}
