package io.streamkit.submitter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamkit.latency.SketchWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The latency windows in a metric-reporter topic: every {@code latencySketch} event since a time,
 * each (job, table, stage, subtask, window) kept once (every report carries the windows of the last
 * few intervals, so a window arrives several times).
 */
final class SketchEvents {
  /** One completed window of one stage at one subtask. */
  record Window(String job, String table, String stage, long start, long end, Histogram hdr) {}

  private SketchEvents() {}

  static List<Window> read(String bootstrap, String topic, long sinceMillis, Duration timeout) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("enable.auto.commit", "false");
    props.put("default.api.timeout.ms", Long.toString(timeout.toMillis()));
    ObjectMapper json = new ObjectMapper();
    Map<String, Window> windows = new LinkedHashMap<>();
    try {
      return readWindows(props, topic, sinceMillis, timeout, json, windows);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new UsageException(
          "Cannot read the metric topic '"
              + topic
              + "' at "
              + bootstrap
              + " within "
              + timeout.toSeconds()
              + " s ("
              + e.getMessage()
              + "). Check --bootstrap and that the brokers are up.");
    }
  }

  private static List<Window> readWindows(
      Properties props,
      String topic,
      long sinceMillis,
      Duration timeout,
      ObjectMapper json,
      Map<String, Window> windows) {
    String bootstrap = props.getProperty("bootstrap.servers");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, timeout).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      if (partitions.isEmpty()) {
        throw new UsageException(
            "Topic '"
                + topic
                + "' does not exist at "
                + bootstrap
                + ". Name the metric topic"
                + " the reporter writes (metrics.reporter.<name>.topic) with --topic.");
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> query = new HashMap<>();
      partitions.forEach(p -> query.put(p, sinceMillis));
      Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, timeout);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      for (TopicPartition p : partitions) {
        OffsetAndTimestamp start = starts.get(p);
        consumer.seek(p, start == null ? ends.get(p) : start.offset());
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reachedEnd(consumer, ends) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          add(json, r.value(), sinceMillis, windows);
        }
      }
    }
    return new ArrayList<>(windows.values());
  }

  private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private static void addWindow(JsonNode tags, JsonNode window, Map<String, Window> into) {
    String key =
        tags.path("job_name").asText()
            + "|"
            + tags.path("table").asText()
            + "|"
            + tags.path("stage").asText()
            + "|"
            + tags.path("subtask_index").asText()
            + "|"
            + tags.path("operator_name").asText()
            + "|"
            + window.path("start").asLong();
    // Reports repeat a window while it is recent; a schema-1 task's final reading could cover a
    // window a report had sent plus its last seconds under the same start: keep the larger.
    into.merge(
        key,
        new Window(
            tags.path("job_name").asText(),
            tags.path("table").asText(),
            tags.path("stage").asText(),
            window.path("start").asLong(),
            window.path("end").asLong(),
            SketchWindow.decodeHistogram(window.path("hdr").asText())),
        (earlier, later) ->
            later.hdr().getTotalCount() > earlier.hdr().getTotalCount() ? later : earlier);
  }

  private static void add(
      ObjectMapper json, String value, long sinceMillis, Map<String, Window> into) {
    try {
      JsonNode event = json.readTree(value);
      if (!"latencySketch".equals(event.path("name").asText())) {
        return;
      }
      JsonNode tags = event.path("tags");
      JsonNode gauge = json.readTree(event.path("value").asText());
      // Schema 2 carries the recent windows; schema 1 (older jobs) was one window.
      Iterable<JsonNode> windows = gauge.has("windows") ? gauge.get("windows") : List.of(gauge);
      for (JsonNode window : windows) {
        // A report repeats the last windows with values, which may have ended before the period.
        if (window.path("count").asLong() > 0 && window.path("end").asLong() > sinceMillis) {
          addWindow(tags, window, into);
        }
      }
    } catch (Exception e) {
      // another producer's event on the topic, or one of an older schema: not a latency window
    }
  }
}
