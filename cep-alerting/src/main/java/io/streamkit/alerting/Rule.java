package io.streamkit.alerting;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One alert rule, as a rule file's document describes it (docs/cep-alerting.md lists every field
 * and its default). {@code definition} is the document as canonical JSON: what is stored, sent to
 * the running job, and compared to tell a changed rule from an unchanged one; {@code source} is
 * where it was read ({@code file:line}). {@code resetSeries}, set by sequence rules, is the series
 * whose increase restarts the count of series 0 ("in a row"); null for other rules.
 */
public record Rule(
    String name,
    boolean enabled,
    String severity,
    Schedule schedule,
    Duration window,
    Duration repeatInterval,
    List<String> groupBy,
    List<Series> series,
    Formula condition,
    Formula resolveCondition,
    Duration pendingFor,
    Duration keepFiringFor,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<String> channels,
    Integer resetSeries,
    boolean checkOnArrival,
    String definition,
    String source) {

  /** How far back any series of the rule reads: its window plus its largest offset. */
  public Duration lookBack() {
    Duration offset =
        series.stream().map(Series::offset).max(Duration::compareTo).orElse(Duration.ZERO);
    return window.plus(offset);
  }
}
