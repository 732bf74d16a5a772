package io.streamkit.alerting.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamkit.alerting.Notification;
import java.time.Instant;

/**
 * A notification as Alertmanager's {@code POST /api/v2/alerts} takes it: labels {@code alertname}
 * (the rule), {@code severity}, the group's dimensions and the rule's labels; its annotations;
 * {@code startsAt}; and {@code endsAt}, the resolution time, or for a firing alert the time after
 * which Alertmanager resolves it unless told again (the next repeat, at least 5 minutes, plus 5
 * minutes; a rule without repeat-interval sends no reminder, so set one for rules that notify an
 * Alertmanager).
 */
final class AlertmanagerAlerts {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long GRACE_MS = 5 * 60_000;

  private AlertmanagerAlerts() {}

  static String body(Notification n) {
    ArrayNode alerts = JSON.createArrayNode();
    ObjectNode alert = alerts.addObject();
    ObjectNode labels = alert.putObject("labels");
    n.labels().forEach(labels::put);
    n.group().forEach(labels::put);
    labels.put("alertname", n.rule());
    labels.put("severity", n.severity());
    ObjectNode annotations = alert.putObject("annotations");
    n.annotations().forEach(annotations::put);
    annotations.put("value", Notification.number(n.value()));
    annotations.put("dedupe_key", n.dedupeKey());
    alert.put("startsAt", Instant.ofEpochMilli(n.startsAt()).toString());
    long ends =
        n.status().equals(Notification.RESOLVED)
            ? n.endsAt()
            : n.at() + Math.max(n.repeatMs(), GRACE_MS) + GRACE_MS;
    alert.put("endsAt", Instant.ofEpochMilli(ends).toString());
    return alerts.toString();
  }
}
