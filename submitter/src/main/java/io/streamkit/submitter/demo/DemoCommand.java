package io.streamkit.submitter.demo;

import io.streamkit.catalog.TopicSchemaChange;
import io.streamkit.submitter.KafkaTables;
import io.streamkit.submitter.ScriptRunners;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.catalog.ObjectPath;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code streamkit demo}: the real-time ETL of seed 004 (figure 21) end to end with nothing
 * installed. Starts a Kafka broker and an H2 catalog in this process, attaches the broker as the
 * catalog's database {@code ods} and registers the schema of its topic {@code ods.sdk_log},
 * produces sample events, splits them into four tables with four INSERTs in one job, aggregates the
 * enriched events per app and minute in a second job, checks each table's rows against what was
 * produced, and prints the latency SLA report of the chains of the two jobs.
 *
 * <p>To extend the demo, add statements to {@code demo/realtime-etl.sql} and, for a new output, an
 * entry in {@link DemoEvents#OUTPUTS}.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the embedded demo: Kafka + catalog + a Flink SQL ETL job and a per-minute"
          + " aggregation of its output in this process, then print per-table row counts"
          + " against what was produced and the latency SLA report of the two jobs' chain.",
      "Exit code: 0 when every count matches."
    })
public final class DemoCommand implements Callable<Integer> {
  static final String SCRIPT = "realtime-etl.sql";
  static final String SCHEMA = "sdk_log.schema";
  static final String PER_MINUTE = "app_events_per_minute";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--events",
      defaultValue = "20000",
      description = "Events to produce (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Job parallelism (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--keep",
      description = "Keep the demo's working directory (Kafka logs, catalog).")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path work = Files.createTempDirectory("streamkit-demo-");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
      err.println("Kafka (KRaft) started at " + kafka.bootstrapServers());
      List<String> topics = new ArrayList<>(List.of("sdk_log"));
      topics.addAll(DemoEvents.OUTPUTS.keySet());
      topics.add(PER_MINUTE);
      topics.add(DemoTelemetry.LOG_TOPIC);
      topics.add(DemoTelemetry.METRIC_TOPIC);
      kafka.createTopics(topics, 2);

      DemoEvents sample = DemoEvents.generate(events, 42, System.currentTimeMillis());
      kafka.produce("sdk_log", sample.json());
      long inTopic = kafka.count("sdk_log");
      err.printf("Produced %d events to topic sdk_log, which holds %d%n", sample.size(), inTopic);
      if (inTopic != sample.size()) {
        err.println("The demo's input topic does not hold what was produced.");
        return 1;
      }

      String dimUrl =
          "jdbc:h2:file:" + work.resolve("dims").toAbsolutePath() + ";DATABASE_TO_LOWER=TRUE";
      createDimensionTable(dimUrl);

      Configuration conf = new Configuration();
      conf.setString(
          "streamkit.catalog.url", "jdbc:h2:file:" + work.resolve("catalog").toAbsolutePath());
      conf.setString("parallelism.default", Integer.toString(parallelism));
      conf.setString("execution.runtime-mode", "streaming");
      attachTheCluster(conf, kafka.bootstrapServers(), work, err);
      String script =
          SqlTemplate.load(
              SCRIPT, Map.of("bootstrap.servers", kafka.bootstrapServers(), "dim.url", dimUrl));
      err.println("Running " + SCRIPT + " against the streamkit catalog (H2 in " + work + ")");
      DemoTelemetry.configureMetrics(conf, kafka.bootstrapServers());
      boolean succeeded;
      try (DemoTelemetry telemetry =
          DemoTelemetry.start(kafka.bootstrapServers(), work.resolve("log-spill"))) {
        succeeded = ScriptRunners.runLocally(conf, script, SCRIPT, out, err);
      }
      if (!succeeded) {
        err.println("The demo job failed.");
        return 1;
      }

      boolean allMatch = true;
      out.printf("%-28s %10s %10s%n", "table", "expected", "actual");
      for (String table : DemoEvents.OUTPUTS.keySet()) {
        long expected = sample.expected(table);
        long actual = kafka.count(table);
        allMatch &= expected == actual;
        out.printf(
            "%-28s %10d %10d %s%n",
            "dw." + table, expected, actual, expected == actual ? "OK" : "MISMATCH");
      }
      List<String> enrichedRecords = kafka.values("sdk_log_enriched");
      if (!allMatch) {
        out.println(
            "Event ids missing from dw.sdk_log_enriched: " + sample.missingIds(enrichedRecords));
      }
      long expectedEnriched = sample.expected("sdk_log_enriched");
      long perMinuteRows = kafka.count(PER_MINUTE);
      long perMinuteEvents = sumOfEvents(kafka.values(PER_MINUTE));
      boolean aggregated = perMinuteEvents == expectedEnriched && perMinuteRows > 0;
      allMatch &= aggregated;
      out.printf(
          "%-28s %10d %10d %s (events counted in %d per-minute rows)%n",
          "dw." + PER_MINUTE,
          expectedEnriched,
          perMinuteEvents,
          aggregated ? "OK" : "MISMATCH",
          perMinuteRows);
      boolean enriched = checkEnrichment(enrichedRecords);
      out.println(
          enriched
              ? "Every enriched event carries the app of its system_id from dw.dim_app."
              : "MISMATCH: enriched events carry the wrong app.");
      allMatch &= enriched;
      out.println("The jobs' own logs and metrics, shipped to Kafka by the platform:");
      allMatch &= DemoTelemetry.printSamples(kafka, out);
      DemoAlerts.print(kafka.values(DemoTelemetry.METRIC_TOPIC), out);
      allMatch &= DemoLatency.printReport(work, conf, kafka.bootstrapServers(), perMinuteRows, out);
      out.println(
          allMatch
              ? "Demo succeeded: every table has the expected rows."
              : "Demo FAILED: counts or contents differ.");
      out.flush();
      return allMatch ? 0 : 1;
    } finally {
      if (keep) {
        err.println("Kept " + work);
      } else {
        deleteRecursively(work);
      }
    }
  }

  /**
   * What a user does once per cluster: attach it as database {@code ods} (bounded reads: the demo's
   * input is what was produced) and register {@code ods.sdk_log}'s schema from its file.
   */
  private static void attachTheCluster(
      Configuration conf, String bootstrap, Path work, PrintWriter err) throws Exception {
    KafkaTables.attach(
        conf,
        "ods",
        bootstrap,
        Map.of(
            "scan.startup.mode", "earliest-offset",
            "scan.bounded.mode", "latest-offset",
            "group.id", "streamkit-demo-etl"));
    Path schema = work.resolve(SCHEMA);
    try (InputStream in = DemoCommand.class.getResourceAsStream(SCHEMA)) {
      Files.copy(in, schema);
    }
    TopicSchemaChange registered =
        KafkaTables.register(conf, new ObjectPath("ods", "sdk_log"), schema, null);
    err.println(
        "Attached the demo's Kafka as database ods; registered ods.sdk_log, schema version "
            + registered.version()
            + ", from "
            + schema);
  }

  /** The dimension table the ETL joins with, in an embedded H2 database. */
  private static void createDimensionTable(String url) throws java.sql.SQLException {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
        java.sql.Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE dim_app (system_id VARCHAR(16) PRIMARY KEY, app_name VARCHAR(64), owner VARCHAR(64))");
      for (Map.Entry<String, String> app : DemoEvents.APPS.entrySet()) {
        s.execute(
            String.format(
                "INSERT INTO dim_app VALUES ('%s', '%s', 'team-%s')",
                app.getKey(), app.getValue(), app.getValue()));
      }
    }
  }

  private static long sumOfEvents(List<String> perMinuteRows) throws IOException {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    long sum = 0;
    for (String row : perMinuteRows) {
      sum += json.readTree(row).path("events").asLong();
    }
    return sum;
  }

  private static boolean checkEnrichment(List<String> records) throws IOException {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (String record : records) {
      com.fasterxml.jackson.databind.JsonNode node = json.readTree(record);
      String app = DemoEvents.APPS.get(node.path("system_id").asText());
      if (app == null || !app.equals(node.path("app_name").asText())) {
        return false;
      }
    }
    return !records.isEmpty();
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Loads a SQL resource of the demo with its variables filled in. */
  static final class SqlTemplate {
    static String load(String name, Map<String, String> variables) throws IOException {
      try (InputStream in = DemoCommand.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IOException("Missing demo resource " + name);
        }
        return ScriptRunners.substitute(
            new String(in.readAllBytes(), StandardCharsets.UTF_8), variables);
      }
    }
  }
}
