package io.streamkit.metrics.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;

/**
 * Folds the metrics of an operator's subtasks in this TaskManager into one value per operator, to
 * cut event volume ({@code aggregate-subtasks: true}). Counters and meters are summed; numeric
 * gauges are summed, except maxima (a name containing "max") which take the maximum; boolean gauges
 * are true if any subtask's is. Histograms and text gauges are not aggregated (returns false).
 */
final class SubtaskAggregator {
  /** Scope variables that tell subtasks apart; dropped from an aggregate's tags. */
  static final Set<String> SUBTASK_TAGS =
      Set.of("subtask_index", "task_attempt_num", "task_attempt_id");

  /** One aggregate: the sum (or max) over its subtasks. */
  static final class Aggregate {
    final String name;
    final String scope;
    final Map<String, String> tags;
    String type;
    double value;
    long count;
    boolean bool;
    boolean isBoolean;
    int subtasks;

    Aggregate(String name, String scope, Map<String, String> tags) {
      this.name = name;
      this.scope = scope;
      this.tags = tags;
    }
  }

  private final Map<String, Aggregate> aggregates = new LinkedHashMap<>();

  /** Adds one subtask's metric; false when it cannot be aggregated and must be sent as is. */
  boolean add(String name, String scope, Map<String, String> tags, Metric metric) {
    Map<String, String> operatorTags = new TreeMap<>(tags);
    SUBTASK_TAGS.forEach(operatorTags::remove);
    String key = name + operatorTags;
    if (metric instanceof Counter counter) {
      aggregate(key, name, scope, operatorTags, "counter").value += counter.getCount();
      return true;
    }
    if (metric instanceof Meter meter) {
      Aggregate a = aggregate(key, name, scope, operatorTags, "meter");
      a.value += meter.getRate();
      a.count += meter.getCount();
      return true;
    }
    if (metric instanceof Gauge<?> gauge) {
      Object v = gauge.getValue();
      if (v instanceof Number n) {
        Aggregate a = aggregate(key, name, scope, operatorTags, "gauge");
        boolean max = name.toLowerCase(java.util.Locale.ROOT).contains("max");
        a.value =
            a.subtasks == 1
                ? n.doubleValue()
                : max ? Math.max(a.value, n.doubleValue()) : a.value + n.doubleValue();
        return true;
      }
      if (v instanceof Boolean b) {
        Aggregate a = aggregate(key, name, scope, operatorTags, "gauge");
        a.isBoolean = true;
        a.bool |= b;
        return true;
      }
    }
    return false;
  }

  private Aggregate aggregate(
      String key, String name, String scope, Map<String, String> tags, String type) {
    Aggregate a = aggregates.computeIfAbsent(key, k -> new Aggregate(name, scope, tags));
    a.type = type;
    a.subtasks++;
    return a;
  }

  Iterable<Aggregate> aggregates() {
    return aggregates.values();
  }
}
