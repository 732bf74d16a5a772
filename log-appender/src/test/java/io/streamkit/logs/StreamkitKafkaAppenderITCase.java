package io.streamkit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamkit.testkit.Kafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The appender with a real broker that goes away and comes back: no line lost, none blocked. */
class StreamkitKafkaAppenderITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path spill;

  private StreamkitKafkaAppender appender(String topic) {
    return appender(topic, 100_000);
  }

  private StreamkitKafkaAppender appender(String topic, int queueCapacity) {
    StreamkitKafkaAppender appender =
        StreamkitKafkaAppender.newBuilder()
            .setQueueCapacity(queueCapacity)
            .setName("kafka-" + topic)
            .setBootstrapServers(KAFKA.bootstrapServers())
            .setTopic(topic)
            .setSpillDirectory(spill.toString())
            .setEnvironment(
                Map.of(
                    "STREAMKIT_JOB_NAME",
                    "etl",
                    "CONTAINER_ID",
                    "container_e01_1700000000000_0042_01_000001"))
            .build();
    appender.start();
    return appender;
  }

  private static LogEvent event(String thread, String message) {
    return Log4jLogEvent.newBuilder()
        .setLoggerName("io.example.Job")
        .setLevel(Level.INFO)
        .setThreadName(thread)
        .setMessage(new SimpleMessage(message))
        .setTimeMillis(System.currentTimeMillis())
        .build();
  }

  /**
   * Unique events by id, each at the position of its last copy. After a failed send the shipper
   * sends again everything from the first unacknowledged event, so an event Kafka took early
   * appears once more after its predecessors: the last copies are in order (docs/log-appender.md).
   */
  private static List<JsonNode> received(String topic, int expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    while (System.nanoTime() < deadline) {
      byId.clear();
      for (String value : KAFKA.consumeValues(topic)) {
        JsonNode node = JSON.readTree(value);
        String id = node.path("id").asText();
        byId.remove(id);
        byId.put(id, node);
      }
      if (byId.size() >= expected) {
        break;
      }
      Thread.sleep(500);
    }
    return new ArrayList<>(byId.values());
  }

  /** Each thread's lines arrived in the order it logged them ({@code <thread>-<n>}). */
  private static void assertInOrderPerThread(List<JsonNode> events, String... threads) {
    Map<String, Integer> next = new HashMap<>();
    for (String t : threads) {
      next.put(t, 0);
    }
    for (int k = 0; k < events.size(); k++) {
      JsonNode e = events.get(k);
      String thread = e.path("thread").asText();
      if (!e.path("message").asText().equals(thread + "-" + next.get(thread))) {
        StringBuilder around = new StringBuilder();
        for (int j = Math.max(0, k - 3); j < Math.min(events.size(), k + 3); j++) {
          around
              .append(events.get(j).path("message").asText())
              .append(' ')
              .append(events.get(j).path("id").asText())
              .append('\n');
        }
        String wanted = thread + "-" + next.get(thread);
        for (int j = 0; j < events.size(); j++) {
          if (events.get(j).path("message").asText().equals(wanted)) {
            around.append("wanted at ").append(j).append(" of ").append(events.size());
          }
        }
        throw new AssertionError("order broken at " + k + ":\n" + around);
      }
      next.merge(thread, 1, Integer::sum);
    }
  }

  @Test
  void brokerOutageLosesNoLineAndBlocksNoCaller() throws Exception {
    KAFKA.createTopic("logs-outage", 1);
    StreamkitKafkaAppender appender = appender("logs-outage");
    int perThread = 50_000;
    AtomicLong slowestCall = new AtomicLong();
    Runnable logger =
        () -> {
          String name = Thread.currentThread().getName();
          for (int i = 0; i < perThread; i++) {
            if (i == perThread / 5 && name.equals("t0")) {
              KAFKA.stopBroker();
            }
            long start = System.nanoTime();
            appender.append(event(name, name + "-" + i));
            slowestCall.accumulateAndGet(System.nanoTime() - start, Math::max);
            if (i % 1000 == 0) {
              try {
                Thread.sleep(20); // about 2.5 s of logging per thread, half of it with Kafka down
              } catch (InterruptedException e) {
                return;
              }
            }
          }
        };
    Thread t0 = new Thread(logger, "t0");
    Thread t1 = new Thread(logger, "t1");
    t0.start();
    t1.start();
    t0.join();
    t1.join();
    KAFKA.restartBroker();

    List<JsonNode> events = received("logs-outage", 2 * perThread);
    appender.stop();
    assertThat(events).hasSize(2 * perThread);
    assertThat(appender.droppedEvents()).isZero();
    assertThat(Duration.ofNanos(slowestCall.get())).isLessThan(Duration.ofMillis(200));
    assertInOrderPerThread(events, "t0", "t1");
    JsonNode first = events.get(0);
    assertThat(first.path("schema").asInt()).isEqualTo(1);
    assertThat(first.path("tags").path("job_name").asText()).isEqualTo("etl");
    assertThat(first.path("tags").path("application_id").asText())
        .isEqualTo("application_1700000000000_0042");
  }

  @Test
  void startsWithTheBrokerDownAndDeliversOnceItIsUp() throws Exception {
    KAFKA.createTopic("logs-late", 1);
    KAFKA.stopBroker();
    StreamkitKafkaAppender appender;
    try {
      long start = System.nanoTime();
      appender = appender("logs-late");
      for (int i = 0; i < 1000; i++) {
        appender.append(event("main", "early-" + i));
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    } finally {
      KAFKA.restartBroker();
    }
    List<JsonNode> events = received("logs-late", 1000);
    appender.stop();
    assertThat(events)
        .extracting(e -> e.path("message").asText())
        .startsWith("early-0", "early-1")
        .hasSize(1000);
  }

  @Test
  void aBurstFasterThanKafkaGoesThroughDiskWithoutLoss() throws Exception {
    KAFKA.createTopic("logs-burst", 3);
    // A burst three times the queue: the disk absorbs it while Kafka catches up.
    StreamkitKafkaAppender appender = appender("logs-burst", 100_000);
    int lines = 300_000;
    for (int i = 0; i < lines; i++) {
      appender.append(event("main", "burst-" + i));
    }
    assertThat(appender.droppedEvents()).isZero();
    List<JsonNode> events = received("logs-burst", lines);
    appender.stop();
    assertThat(events).hasSize(lines);
    // Three partitions, one key per appender: still in order.
    for (int i = 0; i < lines; i++) {
      assertThat(events.get(i).path("message").asText()).isEqualTo("burst-" + i);
    }
  }

  /**
   * A queue far smaller than what two threads log while Kafka is down: the logging threads find it
   * full and move it, with their own line, to the spill directory themselves. Nothing is dropped,
   * every line arrives after the restart, each thread's in order, and no call waited for Kafka.
   */
  @Test
  void aFullQueueIsSpilledByTheLoggingThreadWithoutLossOrDisorder() throws Exception {
    KAFKA.createTopic("logs-overflow", 1);
    StreamkitKafkaAppender appender = appender("logs-overflow", 64);
    int perThread = 20_000;
    AtomicLong slowestCall = new AtomicLong();
    KAFKA.stopBroker();
    try {
      Runnable logger =
          () -> {
            String name = Thread.currentThread().getName();
            for (int i = 0; i < perThread; i++) {
              long start = System.nanoTime();
              appender.append(event(name, name + "-" + i));
              slowestCall.accumulateAndGet(System.nanoTime() - start, Math::max);
            }
          };
      Thread t0 = new Thread(logger, "t0");
      Thread t1 = new Thread(logger, "t1");
      t0.start();
      t1.start();
      t0.join();
      t1.join();
    } finally {
      KAFKA.restartBroker();
    }
    assertThat(appender.overflows()).as("the logging threads spilled a full queue").isPositive();
    assertThat(appender.droppedEvents()).isZero();
    assertThat(Duration.ofNanos(slowestCall.get())).isLessThan(Duration.ofSeconds(1));
    List<JsonNode> events = received("logs-overflow", 2 * perThread);
    appender.stop();
    assertThat(events).hasSize(2 * perThread);
    assertInOrderPerThread(events, "t0", "t1");
  }
}
