package io.streamkit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamkit.testkit.Kafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log4j2 finds the appender by its plugin name from a properties configuration, as Flink loads it;
 * with the plain jar, whose Kafka client is the same {@code org.apache.kafka} the job uses, the
 * job's Kafka logs are shipped and the appender's own client's are not.
 */
class StreamkitKafkaPluginITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** The events in {@code topic} once one of {@code untilLogger} is there. */
  static List<JsonNode> awaitEvents(Kafka kafka, String topic, String untilLogger)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      List<JsonNode> events = new ArrayList<>();
      for (String value : kafka.consumeValues(topic)) {
        events.add(JSON.readTree(value));
      }
      if (events.stream().anyMatch(e -> e.path("logger").asText().equals(untilLogger))) {
        return events;
      }
      assertThat(System.nanoTime()).as("an event of " + untilLogger).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  @Test
  void configuredByNameShipsTheJobsKafkaLogsAndNotItsOwnClients() throws Exception {
    KAFKA.createTopic("logs-plugin", 1);
    Path captured = dir.resolve("all.log");
    System.setProperty("test.bootstrap", KAFKA.bootstrapServers());
    System.setProperty("test.spill", dir.resolve("spill").toString());
    System.setProperty("test.captured", captured.toString());
    LoggerContext context =
        Configurator.initialize("plugin-test", "classpath:log4j2-streamkit-kafka.properties");
    try {
      context.getLogger("io.example.Job").info("hello from {}", "flink");
      // What the job's Kafka connector logs, on the job's thread.
      context
          .getLogger("org.apache.kafka.clients.consumer.KafkaConsumer")
          .warn("job consumer: commit timed out");
      // The appender's own producer logs its config on the sender thread when it starts; once the
      // job's line is in the topic, it has.
      awaitEvents(KAFKA, "logs-plugin", "io.example.Job");
    } finally {
      Configurator.shutdown(context); // flushes within the appender's shutdown timeout
    }
    List<JsonNode> events = awaitEvents(KAFKA, "logs-plugin", "io.example.Job");

    // The in-process broker also logs through this context; only these loggers matter here.
    assertThat(events)
        .filteredOn(e -> e.path("logger").asText().equals("io.example.Job"))
        .singleElement()
        .satisfies(e -> assertThat(e.path("message").asText()).isEqualTo("hello from flink"))
        .satisfies(e -> assertThat(e.path("level").asText()).isEqualTo("INFO"));
    assertThat(events)
        .filteredOn(
            e ->
                e.path("logger").asText().equals("org.apache.kafka.clients.consumer.KafkaConsumer"))
        .singleElement()
        .satisfies(
            e -> assertThat(e.path("message").asText()).isEqualTo("job consumer: commit timed out"))
        .satisfies(e -> assertThat(e.path("level").asText()).isEqualTo("WARN"));

    // The appender's own client did log (the file appender has it), and none of it was shipped.
    List<String> own =
        Files.readAllLines(captured).stream().filter(StreamkitKafkaPluginITCase::isOwn).toList();
    assertThat(own).anyMatch(line -> line.contains("|org.apache.kafka.clients.producer."));
    assertThat(events)
        .noneMatch(e -> isOwn(e.path("thread").asText() + "|" + e.path("logger").asText() + "|"));
  }

  /** {@code thread|logger|...} of the appender's own client: its Kafka logs on its threads. */
  private static boolean isOwn(String line) {
    return (line.startsWith("streamkit-log-")
            || line.startsWith("kafka-producer-network-thread | streamkit-log-appender-"))
        && line.contains("|org.apache.kafka.");
  }
}
