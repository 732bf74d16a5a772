package io.streamkit.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One metric-reporter event (docs/metric-reporter.md, schema 1): a metric's name, its dimensions
 * (the {@code tags}), when it was read, and its numeric figures ({@code value}; a histogram's
 * {@code count}, {@code min}, {@code max}, {@code mean}, {@code p50}, {@code p95}, {@code p99}; a
 * meter's {@code count}).
 */
public record MetricEvent(
    String name, long timestamp, Map<String, String> tags, Map<String, Double> values)
    implements Serializable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIGURES =
      Set.of("value", "count", "min", "max", "mean", "p50", "p95", "p99");

  /** The named figure, or NaN when the event has none (a text gauge, another metric type). */
  public double value(String field) {
    Double v = values.get(field);
    return v == null ? Double.NaN : v;
  }

  /**
   * Reads one event; null for a line that is not a schema-1 metric event with a name and a time
   * (another producer's record on the topic), which callers count and skip.
   */
  public static MetricEvent parse(String json) {
    JsonNode e;
    try {
      e = JSON.readTree(json);
    } catch (IOException ex) {
      return null;
    }
    if (e == null
        || e.path("schema").asInt() != 1
        || !e.path("name").isTextual()
        || !e.path("timestamp").canConvertToLong()) {
      return null;
    }
    Map<String, String> tags = new HashMap<>();
    e.path("tags").fields().forEachRemaining(t -> tags.put(t.getKey(), t.getValue().asText()));
    Map<String, Double> values = new HashMap<>();
    for (String figure : FIGURES) {
      JsonNode v = e.path(figure);
      if (v.isNumber()) {
        values.put(figure, v.asDouble());
      } else if (v.isBoolean()) {
        values.put(figure, v.asBoolean() ? 1.0 : 0.0);
      }
    }
    return new MetricEvent(e.path("name").asText(), e.path("timestamp").asLong(), tags, values);
  }
}
