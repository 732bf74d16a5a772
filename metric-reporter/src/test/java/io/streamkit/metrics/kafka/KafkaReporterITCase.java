package io.streamkit.metrics.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamkit.testkit.Kafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reporter with a real broker: a running job's metrics arrive tagged; a dead broker costs
 * drops, not time.
 */
class KafkaReporterITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> events(String topic) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    for (String value : KAFKA.consumeValues(topic)) {
      events.add(JSON.readTree(value));
    }
    return events;
  }

  @Test
  void runningJobMetricsArriveAsTaggedVersionedJson() throws Exception {
    KAFKA.createTopic("metrics-job", 1);
    Configuration conf = new Configuration();
    conf.setString("metrics.reporter.kafka.factory.class", KafkaReporterFactory.class.getName());
    conf.setString("metrics.reporter.kafka.interval", "500 ms");
    conf.setString("metrics.reporter.kafka.bootstrap.servers", KAFKA.bootstrapServers());
    conf.setString("metrics.reporter.kafka.topic", "metrics-job");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.fromSequence(0, Long.MAX_VALUE)
        .map(
            i -> {
              Thread.sleep(1);
              return i;
            })
        .name("slow-map")
        .sinkTo(new DiscardingSink<>());
    JobClient job = env.executeAsync("metrics-it");

    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    List<JsonNode> found = List.of();
    while (System.nanoTime() < deadline) {
      found =
          events("metrics-job").stream()
              .filter(e -> e.path("name").asText().equals("numRecordsOutPerSecond"))
              .filter(e -> e.path("tags").path("task_name").asText().contains("slow-map"))
              .filter(e -> e.path("value").asDouble() > 0)
              .toList();
      if (!found.isEmpty()) {
        break;
      }
      Thread.sleep(500);
    }
    job.cancel().get();

    assertThat(found).isNotEmpty();
    JsonNode event = found.get(0);
    assertThat(event.path("schema").asInt()).isEqualTo(1);
    assertThat(event.path("type").asText()).isEqualTo("meter");
    assertThat(event.path("tags").path("job_name").asText()).isEqualTo("metrics-it");
    assertThat(event.path("tags").has("subtask_index")).isTrue();
    assertThat(event.path("tags").has("tm_id")).isTrue();
    assertThat(event.path("tags").has("host")).isTrue();

    List<JsonNode> all = events("metrics-job");
    Set<String> ids = new HashSet<>();
    all.forEach(e -> ids.add(e.path("id").asText()));
    assertThat(ids).hasSize(all.size()); // unique id per event, for dedup downstream
    // The platform preset leaves out what dashboards do not need.
    assertThat(all).noneMatch(e -> e.path("name").asText().equals("Status.JVM.CPU.Load"));
  }

  @Test
  void brokerDownCostsCountedDropsNeverTime() throws Exception {
    KAFKA.createTopic("metrics-down", 1);
    KafkaReporter reporter = new KafkaReporter();
    MetricConfig config = new MetricConfig();
    config.setProperty("bootstrap.servers", KAFKA.bootstrapServers());
    config.setProperty("topic", "metrics-down");
    config.setProperty("preset", "all");
    config.setProperty("queue.capacity", "5000");
    reporter.open(config);
    UnregisteredMetricsGroup group = new UnregisteredMetricsGroup();
    for (int i = 0; i < 10_000; i++) {
      SimpleCounter counter = new SimpleCounter();
      counter.inc(i);
      reporter.notifyOfAddedMetric(counter, "counter" + i, group);
    }

    KAFKA.stopBroker();
    try {
      long slowest = 0;
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        reporter.report();
        slowest = Math.max(slowest, System.nanoTime() - start);
      }
      assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(500));
      assertThat(reporter.droppedEvents()).isGreaterThan(0);
    } finally {
      KAFKA.restartBroker();
    }

    // Once Kafka is back, events flow again, including the drop count.
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    boolean dropReported = false;
    while (!dropReported && System.nanoTime() < deadline) {
      reporter.report();
      Thread.sleep(500);
      dropReported =
          events("metrics-down").stream()
              .anyMatch(
                  e ->
                      e.path("name").asText().equals(KafkaReporter.DROPPED_METRIC)
                          && e.path("value").asLong() > 0);
    }
    reporter.close();
    assertThat(dropReported).isTrue();
  }
}
