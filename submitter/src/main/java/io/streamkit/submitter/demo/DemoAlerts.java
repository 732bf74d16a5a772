package io.streamkit.submitter.demo;

import io.streamkit.alerting.AlertReplay;
import io.streamkit.alerting.MetricEvent;
import io.streamkit.alerting.Notification;
import io.streamkit.alerting.RuleFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's alert: its backlog rule ({@code demo/alert-rules.yaml}) replayed over the metric
 * events the demo's jobs sent, through the engine of the alert job, as {@code streamkit alert test}
 * would. The demo produces its events before the jobs start, so the first job begins far behind its
 * input: the rule fires, and resolves once the job has caught up.
 */
final class DemoAlerts {
  static final String RULE = "demo_consumer_lag";

  private DemoAlerts() {}

  /** Prints the rule's transitions; true when it fired. */
  static boolean print(List<String> metricEvents, PrintWriter out) throws IOException {
    String yaml;
    try (InputStream in = DemoAlerts.class.getResourceAsStream("alert-rules.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    RuleFile.Result rules = RuleFile.parse("demo/alert-rules.yaml", yaml);
    if (!rules.errors().isEmpty()) {
      throw new IllegalStateException(rules.errors().toString());
    }
    List<MetricEvent> events = new ArrayList<>();
    for (String json : metricEvents) {
      MetricEvent e = MetricEvent.parse(json);
      if (e != null) {
        events.add(e);
      }
    }
    List<Notification> transitions = AlertReplay.run(rules.rules(), events);
    out.println(
        "Alert rule "
            + RULE
            + " over the jobs' metrics (the same as: bin/streamkit alert test"
            + " alert-rules.yaml --metrics <the flink-metrics topic>):");
    for (Notification n : transitions) {
      out.println("  " + n.transitionLine() + "  " + n.annotations().getOrDefault("summary", ""));
    }
    boolean fired = transitions.stream().anyMatch(n -> n.status().equals(Notification.FIRING));
    if (!fired) {
      out.println("  no alert: no job's records waited more than 5 s in Kafka.");
    }
    return fired;
  }
}
