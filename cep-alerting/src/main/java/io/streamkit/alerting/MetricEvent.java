package io.streamkit.alerting;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
    // A streaming parse: this runs for every event of the metric topic.
    try (JsonParser p = JSON.getFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      int schema = 0;
      String name = null;
      long timestamp = Long.MIN_VALUE;
      Map<String, String> tags = new HashMap<>();
      Map<String, Double> values = new HashMap<>(4);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "schema" -> schema = t.isNumeric() ? p.getIntValue() : 0;
          case "name" -> name = t == JsonToken.VALUE_STRING ? p.getText() : null;
          case "timestamp" -> timestamp = t.isNumeric() ? p.getLongValue() : Long.MIN_VALUE;
          case "tags" -> {
            if (t == JsonToken.START_OBJECT) {
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String tag = p.currentName();
                p.nextToken();
                tags.put(tag, p.getValueAsString());
              }
            } else {
              p.skipChildren();
            }
          }
          default -> {
            if (FIGURES.contains(field)) {
              if (t.isNumeric()) {
                values.put(field, p.getDoubleValue());
              } else if (t.isBoolean()) {
                values.put(field, t == JsonToken.VALUE_TRUE ? 1.0 : 0.0);
              }
            }
            p.skipChildren();
          }
        }
      }
      if (schema != 1 || name == null || timestamp == Long.MIN_VALUE) {
        return null;
      }
      return new MetricEvent(name, timestamp, tags, values);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
