package io.streamkit.latency.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamkit.latency.SketchWindow;
import io.streamkit.latency.Stage;
import io.streamkit.testkit.CapturedMetrics;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;

/**
 * Reads every {@code latencySketch} gauge as a reporter would, keeps each (subtask, window) once,
 * and merges the windows per stage: what the SLA report does with the metric topic.
 */
final class SketchCollector {
  private static final Pattern STAGE = Pattern.compile("\\.stage\\.([a-z_]+)\\.latencySketch$");
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, JsonNode> windows = new HashMap<>(); // "<metric id>@<start>"

  synchronized void poll() throws Exception {
    for (Map.Entry<String, Metric> e : CapturedMetrics.endingWith(".latencySketch").entrySet()) {
      JsonNode window = json.readTree((String) ((Gauge<?>) e.getValue()).getValue());
      if (window.get("count").asLong() > 0 || window.get("skewed").asLong() > 0) {
        windows.putIfAbsent(e.getKey() + "@" + window.get("start").asLong(), window);
      }
    }
  }

  synchronized Histogram merged(Stage stage) {
    Histogram merged = new Histogram(3);
    forStage(stage, w -> merged.add(SketchWindow.decodeHistogram(w.get("hdr").asText())));
    return merged;
  }

  synchronized long skewed(Stage stage) {
    long[] n = {0};
    forStage(stage, w -> n[0] += w.get("skewed").asLong());
    return n[0];
  }

  @Override
  public synchronized String toString() {
    return windows.toString();
  }

  private void forStage(Stage stage, java.util.function.Consumer<JsonNode> action) {
    windows.forEach(
        (key, window) -> {
          Matcher m = STAGE.matcher(key.substring(0, key.lastIndexOf('@')));
          if (m.find() && m.group(1).equals(stage.id())) {
            action.accept(window);
          }
        });
  }
}
