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
import org.apache.flink.table.factories.FactoryUtil;

/**
 * Issue 2's catalog benchmark: {@code getTable} latency and planning time of the demo's ETL with
 * 10,000 tables in MariaDB, for the streamkit catalog and for Flink's {@link
 * GenericInMemoryCatalog} in the same run.
 *
 * <p>Both catalogs get the same tables. Each measurement warms up (round 0: {@code lookups}
 * lookups, 5 x {@code plans} plannings), then the two catalogs
 * run interleaved for {@code rounds} rounds of {@code lookups} random lookups (each checked: the
 * table found is the one asked for) and of {@code plans} plannings; min / median / max of the
 * per-round percentiles and the ratio of medians are printed. Filling the catalogs is reported
 * apart.
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
      planning.put(OURS, round -> plan(OURS, round, skEnv, plans));
      planning.put(REFERENCE, round -> plan(REFERENCE, round, memEnv, plans));
      Map<String, List<Round>> plan = Rounds.interleaved(rounds, planning);

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
  private static Round plan(String name, int round, TableEnvironment env, int plans) {
    // The planner's JIT warm-up is long: a first run still gained 30% over 3 rounds after 20.
    long[] samples = new long[round == 0 ? plans * 5 : plans];
    for (int i = 0; i < samples.length; i++) {
      long start = System.nanoTime();
      env.explainSql(STATEMENT_SET);
      samples[i] = System.nanoTime() - start;
    }
    Percentiles p = new Percentiles(samples);
    System.out.printf(
        "planning  %-24s %5s p50 %7.1f ms  p90 %7.1f ms%n",
        name, round == 0 ? "warm" : String.valueOf(round), p.millis(50), p.millis(90));
    return new Round(p.millis(50), p.millis(90));
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
