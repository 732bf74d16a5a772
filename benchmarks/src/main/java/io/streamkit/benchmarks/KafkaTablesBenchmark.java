package io.streamkit.benchmarks;

import io.streamkit.testkit.Kafka;
import io.streamkit.testkit.MariaDb;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;

/**
 * Issue 15's benchmark, catalog on MariaDB, a real broker: (1) planning a query over a topic whose
 * schema was inferred and stored against the same query over a DDL'd table of the same topic in the
 * same catalog (target: within 1.2x); (2) the first read of a new topic, which samples and infers
 * (target: under 1 s); (3) listing a cluster with 1,000 topics through a fresh catalog, against
 * Kafka's own Admin#listTopics (the floor).
 *
 * <p>Each comparison warms up (round 0) and runs interleaved for {@code rounds} rounds; min /
 * median / max and the ratio of medians are printed.
 *
 * <p>Run: {@code benchmarks/run KafkaTablesBenchmark [plans] [rounds]}
 */
public final class KafkaTablesBenchmark {
  private static final String QUERY =
      "SELECT `user`.name, TUMBLE_START(event_time, INTERVAL '1' MINUTE), SUM(amount), COUNT(*)"
          + " FROM %s WHERE amount > 1 GROUP BY `user`.name, TUMBLE(event_time, INTERVAL '1' MINUTE)";

  private KafkaTablesBenchmark() {}

  public static void main(String[] args) throws Exception {
    int plans = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Kafka kafka = new Kafka();
    kafka.start();
    MariaDb mariadb = new MariaDb();
    mariadb.start();
    try {
      mariadb.createDatabase("meta");
      String catalogDdl =
          "CREATE CATALOG sk WITH ('type' = 'streamkit', 'url' = '"
              + mariadb.jdbcUrl("meta")
              + "', 'username' = '"
              + mariadb.username()
              + "')";
      List<String> messages = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        messages.add(
            "{\"id\":"
                + i
                + ",\"user\":{\"name\":\"u"
                + (i % 7)
                + "\",\"age\":"
                + (20 + i % 30)
                + "},\"amount\":"
                + (i * 1.5)
                + ",\"tags\":[\"a\",\"b\"],\"country\":\"NZ\"}");
      }
      kafka.createTopic("clicks", 4);
      kafka.produce("clicks", messages);
      TableEnvironment env = session(catalogDdl);
      env.executeSql(
          "CREATE DATABASE kc WITH ('kind' = 'kafka', 'properties.bootstrap.servers' = '"
              + kafka.bootstrapServers()
              + "')");
      env.executeSql("CREATE DATABASE ddl");
      env.executeSql(
          "CREATE TABLE ddl.clicks (id BIGINT NOT NULL, `user` ROW<name STRING NOT NULL, age BIGINT"
              + " NOT NULL> NOT NULL, amount DOUBLE NOT NULL, tags ARRAY<STRING> NOT NULL, country"
              + " STRING NOT NULL, event_time TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',"
              + " `partition` INT METADATA VIRTUAL, `offset` BIGINT METADATA VIRTUAL, headers"
              + " MAP<STRING, BYTES> METADATA VIRTUAL, WATERMARK FOR event_time AS event_time -"
              + " INTERVAL '5' SECOND) WITH ('connector' = 'kafka', 'topic' = 'clicks',"
              + " 'properties.bootstrap.servers' = '"
              + kafka.bootstrapServers()
              + "', 'value.format' = 'json', 'scan.startup.mode' = 'earliest-offset')");
      env.explainSql(String.format(QUERY, "kc.clicks")); // infers and stores version 1

      System.out.println("== planning: inferred (stored) vs DDL'd table, same catalog ==");
      Map<String, Rounds.Trial<Double>> planning = new LinkedHashMap<>();
      planning.put(
          "inferred kc.clicks", round -> planMs(env, "kc.clicks", round == 0 ? plans / 4 : plans));
      planning.put(
          "DDL'd ddl.clicks", round -> planMs(env, "ddl.clicks", round == 0 ? plans / 4 : plans));
      report(Rounds.interleaved(rounds, planning), "ms per plan", "%8.2f");

      System.out.println("== first read of a new topic (samples 100 messages, infers, stores) ==");
      int[] next = {0};
      Map<String, Rounds.Trial<Double>> first = new LinkedHashMap<>();
      first.put(
          "first getTable",
          round -> {
            String topic = "fresh_" + next[0]++;
            kafka.createTopic(topic, 4);
            kafka.produce(topic, messages);
            Catalog catalog = session(catalogDdl).getCatalog("sk").orElseThrow();
            long start = System.nanoTime();
            String comment = catalog.getTable(new ObjectPath("kc", topic)).getComment();
            double ms = (System.nanoTime() - start) / 1e6;
            if (!comment.contains("schema version 1")) {
              throw new IllegalStateException("not inferred: " + comment);
            }
            return ms;
          });
      report(Rounds.interleaved(rounds, first), "ms", "%8.1f");

      System.out.println("== SHOW TABLES of a cluster with 1,000 topics, a fresh catalog each ==");
      kafka.createTopics(IntStream.range(0, 1_000).mapToObj(i -> "many_" + i).toList(), 1);
      Map<String, Rounds.Trial<Double>> listing = new LinkedHashMap<>();
      listing.put(
          "streamkit listTables",
          round -> {
            TableEnvironment fresh = session(catalogDdl);
            long start = System.nanoTime();
            int n = fresh.listTables("sk", "kc").length;
            double ms = (System.nanoTime() - start) / 1e6;
            check(n);
            return ms;
          });
      listing.put(
          "Admin#listTopics",
          round -> {
            long start = System.nanoTime();
            int n;
            try (Admin admin = Admin.create(kafka.clientProperties())) {
              n =
                  admin
                      .listTopics(new ListTopicsOptions().listInternal(false))
                      .names()
                      .get()
                      .size();
            }
            double ms = (System.nanoTime() - start) / 1e6;
            check(n);
            return ms;
          });
      report(Rounds.interleaved(rounds, listing), "ms", "%8.1f");
    } finally {
      mariadb.close();
      kafka.close();
    }
  }

  private static void check(int topics) {
    if (topics < 1_000) {
      throw new IllegalStateException("listed " + topics + " topics");
    }
  }

  private static TableEnvironment session(String catalogDdl) {
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    env.executeSql(catalogDdl);
    env.useCatalog("sk");
    return env;
  }

  private static double planMs(TableEnvironment env, String table, int n) {
    String sql = String.format(QUERY, table);
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      env.explainSql(sql);
    }
    return (System.nanoTime() - start) / 1e6 / n;
  }

  private static void report(Map<String, List<Double>> results, String unit, String format) {
    List<String> names = new ArrayList<>(results.keySet());
    for (String name : names) {
      System.out.printf(
          "%-24s %s %s (min / median / max)%n",
          name, Rounds.spread(results.get(name), v -> v, format), unit);
    }
    if (names.size() == 2) {
      System.out.printf(
          "ratio %s / %s = %s%n",
          names.get(0),
          names.get(1),
          Rounds.ratio(results.get(names.get(0)), results.get(names.get(1)), v -> v));
    }
  }
}
