package io.streamkit.alerting;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * One input of a rule: the metric events of one name whose dimensions match {@code filter} (values
 * with {@code *} and {@code ?} wildcards; {@code *} also matches a dimension the event lacks),
 * aggregated over the rule's window, {@code offset} earlier for period-over-period. {@code field}
 * picks a histogram's figure ({@code p99}, {@code mean}, ...); other metrics have {@code value}.
 */
public record Series(
    String name,
    String metric,
    Map<String, String> filter,
    Aggregate aggregate,
    Duration offset,
    String field)
    implements Serializable {

  /** Whether an event of this metric with these dimensions belongs to the series. */
  public boolean matches(String metricName, Map<String, String> tags) {
    if (!Wildcards.matches(metric, metricName)) {
      return false;
    }
    for (Map.Entry<String, String> f : filter.entrySet()) {
      String actual = tags.get(f.getKey());
      if (actual == null ? !f.getValue().equals("*") : !Wildcards.matches(f.getValue(), actual)) {
        return false;
      }
    }
    return true;
  }
}
