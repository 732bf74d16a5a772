package io.streamkit.metrics.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;

/**
 * Writes one metric reading as a JSON event, format version 1 (docs/metric-reporter.md):
 *
 * <pre>
 * {"schema":1,"id":"<reporter-uuid>-<sequence>","timestamp":…,"name":"numRecordsInPerSecond","scope":"…",
 * "type":"meter","tags":{"job_name":"…",…},"value":…,"count":…}</pre>
 */
final class MetricEventWriter {
  static final int SCHEMA = 1;
  private static final JsonFactory JSON = new JsonFactory();

  private MetricEventWriter() {}

  static String write(
      String id,
      long timestamp,
      String name,
      String scope,
      Map<String, String> tags,
      Metric metric,
      boolean last) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField("schema", SCHEMA);
      json.writeStringField("id", id);
      json.writeNumberField("timestamp", timestamp);
      json.writeStringField("name", name);
      json.writeStringField("scope", scope);
      json.writeObjectFieldStart("tags");
      for (Map.Entry<String, String> tag : tags.entrySet()) {
        json.writeStringField(tag.getKey(), tag.getValue());
      }
      json.writeEndObject();
      writeValue(json, metric);
      if (last) {
        json.writeBooleanField("final", true);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * An event for the sum (or max) of an operator's subtasks; it carries a {@code subtasks} count.
   */
  static String writeAggregate(String id, long timestamp, SubtaskAggregator.Aggregate a) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField("schema", SCHEMA);
      json.writeStringField("id", id);
      json.writeNumberField("timestamp", timestamp);
      json.writeStringField("name", a.name);
      json.writeStringField("scope", a.scope);
      json.writeObjectFieldStart("tags");
      for (Map.Entry<String, String> tag : a.tags.entrySet()) {
        json.writeStringField(tag.getKey(), tag.getValue());
      }
      json.writeEndObject();
      json.writeStringField("type", a.type);
      if (a.isBoolean) {
        json.writeBooleanField("value", a.bool);
      } else if (a.type.equals("counter")) {
        json.writeNumberField("value", (long) a.value);
      } else {
        json.writeNumberField("value", a.value);
      }
      if (a.type.equals("meter")) {
        json.writeNumberField("count", a.count);
      }
      json.writeNumberField("subtasks", a.subtasks);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void writeValue(JsonGenerator json, Metric metric) throws IOException {
    if (metric instanceof Counter counter) {
      json.writeStringField("type", "counter");
      json.writeNumberField("value", counter.getCount());
    } else if (metric instanceof Meter meter) {
      json.writeStringField("type", "meter");
      json.writeNumberField("value", meter.getRate());
      json.writeNumberField("count", meter.getCount());
    } else if (metric instanceof Histogram histogram) {
      HistogramStatistics stats = histogram.getStatistics();
      json.writeStringField("type", "histogram");
      json.writeNumberField("count", histogram.getCount());
      json.writeNumberField("min", stats.getMin());
      json.writeNumberField("max", stats.getMax());
      json.writeNumberField("mean", stats.getMean());
      json.writeNumberField("p50", stats.getQuantile(0.5));
      json.writeNumberField("p95", stats.getQuantile(0.95));
      json.writeNumberField("p99", stats.getQuantile(0.99));
    } else if (metric instanceof Gauge<?> gauge) {
      json.writeStringField("type", "gauge");
      Object value = gauge.getValue();
      if (value instanceof Number number) {
        if (value instanceof Double || value instanceof Float) {
          json.writeNumberField("value", number.doubleValue());
        } else {
          json.writeNumberField("value", number.longValue());
        }
      } else if (value instanceof Boolean bool) {
        json.writeBooleanField("value", bool);
      } else {
        json.writeStringField("value", String.valueOf(value));
      }
    } else {
      json.writeStringField("type", "unknown");
    }
  }
}
