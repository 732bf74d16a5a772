package io.streamkit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;

/**
 * Reads every latency-tracker {@code latencySketch} gauge of {@link CapturedMetrics} as a reporter
 * would, keeps each (subtask, window) once (a gauge repeats the windows of its last few intervals),
 * and merges the windows per stage and table: what the SLA report does with the metric topic.
 * Stages and tables are matched on the metric identifier ({@code
 * ...table.<table>.stage.<stage>.latencySketch}, dots of the table name as Flink writes them,
 * {@code _}).
 */
public final class LatencySketches {
  private static final Pattern KEY =
      Pattern.compile("\\.table\\.(.+)\\.stage\\.([a-z_]+)\\.latencySketch$");
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, JsonNode> windows = new HashMap<>(); // "<metric id>@<start>"
  private final Set<String> seenLive = new HashSet<>();

  /** Reads the gauges now; call it at least once per window while the job runs. */
  public synchronized void poll() {
    Map<String, Object> readings = new HashMap<>();
    for (Map.Entry<String, Metric> e : CapturedMetrics.endingWith(".latencySketch").entrySet()) {
      readings.put(e.getKey(), ((Gauge<?>) e.getValue()).getValue());
      seenLive.add(e.getKey());
    }
    // Removed gauges' final readings: a task's last window, finished when it closed. Only of the
    // gauges this reader saw live: a job canceled by an earlier test may close its tasks late.
    CapturedMetrics.finalReadings(".latencySketch")
        .forEach(
            (id, reading) -> {
              if (seenLive.contains(id)) {
                readings.putIfAbsent(id, reading);
              }
            });
    for (Map.Entry<String, Object> e : readings.entrySet()) {
      JsonNode gauge;
      try {
        gauge = json.readTree((String) e.getValue());
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      for (JsonNode window : gauge.get("windows")) {
        // A window is in every reading while it is recent: keep it once.
        windows.putIfAbsent(e.getKey() + "@" + window.get("start").asLong(), window);
      }
    }
  }

  /** Every window of {@code stage} (e.g. {@code end_to_end}), all tables, merged. */
  public Histogram merged(String stage) {
    return merged(null, stage);
  }

  /** The windows of {@code stage} at {@code table} (null: any table), merged. */
  public synchronized Histogram merged(String table, String stage) {
    Histogram merged = new Histogram(3);
    forStage(table, stage, w -> merged.add(decode(w.get("hdr").asText())));
    return merged;
  }

  /**
   * The windows of {@code stage} at {@code table} (null: any table), each merged over subtasks, by
   * window start (epoch milliseconds), in time order.
   */
  public synchronized SortedMap<Long, Histogram> byWindow(String table, String stage) {
    SortedMap<Long, Histogram> byStart = new TreeMap<>();
    forStage(
        table,
        stage,
        w ->
            byStart
                .computeIfAbsent(w.get("start").asLong(), start -> new Histogram(3))
                .add(decode(w.get("hdr").asText())));
    return byStart;
  }

  /** Records of {@code stage} whose origin was in the future, all tables. */
  public synchronized long skewed(String stage) {
    long[] n = {0};
    forStage(null, stage, w -> n[0] += w.get("skewed").asLong());
    return n[0];
  }

  @Override
  public synchronized String toString() {
    return windows.toString();
  }

  private void forStage(String table, String stage, Consumer<JsonNode> action) {
    windows.forEach(
        (key, window) -> {
          Matcher m = KEY.matcher(key.substring(0, key.lastIndexOf('@')));
          if (m.find()
              && m.group(2).equals(stage)
              && (table == null || m.group(1).equals(table.replace('.', '_')))) {
            action.accept(window);
          }
        });
  }

  private static Histogram decode(String base64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(
          ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("not an HdrHistogram sketch", e);
    }
  }
}
