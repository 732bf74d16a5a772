package io.streamkit.alerting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Recorded metric events replayed through the {@link AlertEngine}, as {@code streamkit alert test}
 * does (the counterpart of {@code promtool test rules}): events in time order, every rule checked
 * at each instant of its schedule from the first event to the last, each check seeing exactly the
 * events up to its instant.
 */
public final class AlertReplay {
  private AlertReplay() {}

  /** The notifications the rules give over the events, in time order. */
  public static List<Notification> run(List<Rule> rules, List<MetricEvent> events) {
    List<Notification> out = new ArrayList<>();
    if (events.isEmpty()) {
      return out;
    }
    List<MetricEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(MetricEvent::timestamp));
    long start = sorted.get(0).timestamp();
    long end = sorted.get(sorted.size() - 1).timestamp();
    AlertEngine engine = new AlertEngine();
    for (Rule rule : rules) {
      engine.put(rule, start - 1);
    }
    for (MetricEvent e : sorted) {
      out.addAll(engine.evaluateUntil(e.timestamp() - 1)); // checks before this event's time
      out.addAll(engine.accept(e));
    }
    out.addAll(engine.evaluateUntil(end));
    return out;
  }
}
