package io.streamkit.submitter.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamkit.logs.StreamkitKafkaAppender;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * The platform's own telemetry in the demo: the job's log lines through the {@code StreamkitKafka}
 * appender and its metrics through the Kafka metric reporter, both into the embedded Kafka, as a
 * Flink cluster would be configured with {@code log4j-console.properties} and {@code
 * metrics.reporter.kafka.*}.
 */
final class DemoTelemetry implements AutoCloseable {
  static final String LOG_TOPIC = "flink-logs";
  static final String METRIC_TOPIC = "flink-metrics";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StreamkitKafkaAppender appender;

  private DemoTelemetry(StreamkitKafkaAppender appender) {
    this.appender = appender;
  }

  /** Starts shipping this process's INFO logs to {@link #LOG_TOPIC}. */
  static DemoTelemetry start(String bootstrapServers, Path spillDirectory) {
    StreamkitKafkaAppender appender =
        StreamkitKafkaAppender.newBuilder()
            .setName("streamkit-demo-kafka")
            .setBootstrapServers(bootstrapServers)
            .setTopic(LOG_TOPIC)
            .setSpillDirectory(spillDirectory.toString())
            .build();
    appender.start();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().addAppender(appender);
    context.getConfiguration().getRootLogger().addAppender(appender, Level.INFO, null);
    context.updateLoggers();
    return new DemoTelemetry(appender);
  }

  /** The Flink keys of the Kafka metric reporter, every second, for the demo's job. */
  static void configureMetrics(Configuration conf, String bootstrapServers) {
    String prefix = "metrics.reporter.kafka.";
    conf.setString(prefix + "factory.class", "io.streamkit.metrics.kafka.KafkaReporterFactory");
    conf.setString(prefix + "interval", "1 s");
    conf.setString(prefix + "bootstrap.servers", bootstrapServers);
    conf.setString(prefix + "topic", METRIC_TOPIC);
  }

  /** Prints how many events each topic got and one sample of each; false if one got none. */
  static boolean printSamples(EmbeddedKafka kafka, PrintWriter out) throws Exception {
    boolean ok = true;
    for (String topic : List.of(LOG_TOPIC, METRIC_TOPIC)) {
      List<String> values = kafka.values(topic);
      out.printf("%s: %d events%n", topic, values.size());
      if (values.isEmpty()) {
        ok = false;
        continue;
      }
      JsonNode sample = JSON.readTree(pick(values, topic));
      out.println("  sample: " + sample);
    }
    return ok;
  }

  /** A representative event: a log line of the job, a throughput metric. */
  private static String pick(List<String> values, String topic) {
    String wanted = topic.equals(LOG_TOPIC) ? "\"job_id\"" : "numRecordsOut";
    return values.stream().filter(v -> v.contains(wanted)).findFirst().orElse(values.get(0));
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().removeAppender(appender.getName());
    context.updateLoggers();
    appender.stop();
  }
}
