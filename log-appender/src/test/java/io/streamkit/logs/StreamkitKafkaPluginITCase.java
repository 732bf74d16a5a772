package io.streamkit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.Kafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log4j2 finds the appender by its plugin name from a properties configuration, as Flink loads it.
 */
class StreamkitKafkaPluginITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();

  @TempDir Path spill;

  @Test
  void configuredByNameLogsToKafka() throws Exception {
    KAFKA.createTopic("logs-plugin", 1);
    System.setProperty("test.bootstrap", KAFKA.bootstrapServers());
    System.setProperty("test.spill", spill.toString());
    LoggerContext context =
        Configurator.initialize("plugin-test", "classpath:log4j2-streamkit-kafka.properties");
    try {
      context.getLogger("io.example.Job").info("hello from {}", "flink");
      context.getLogger("org.apache.kafka.clients.NetworkClient").info("must not loop back");
    } finally {
      Configurator.shutdown(context); // flushes within the appender's shutdown timeout
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<String> values = KAFKA.consumeValues("logs-plugin");
    while (values.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      values = KAFKA.consumeValues("logs-plugin");
    }
    // The in-process broker also logs through this context; only our logger matters here.
    assertThat(values)
        .filteredOn(v -> v.contains("\"logger\":\"io.example.Job\""))
        .singleElement()
        .asString()
        .contains("\"message\":\"hello from flink\"")
        .contains("\"level\":\"INFO\"");
    assertThat(values).noneMatch(v -> v.contains("\"logger\":\"org.apache.kafka"));
  }
}
