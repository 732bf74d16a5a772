package io.streamkit.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One alert event: a group of a rule started firing, fires again after {@code repeat-interval}
 * ({@code sequence} 1, 2, ...), or resolved. {@code dedupeKey} names the alert (rule, group, the
 * instant it started firing): every notification of one alert carries it, and {@code id} (key,
 * status, sequence) is the same for a retried or replayed copy of one notification. {@code
 * channels} and {@code repeatMs} (the rule's repeat-interval) are for the channels, not sent.
 */
public record Notification(
    String status,
    String rule,
    String severity,
    Map<String, String> group,
    double value,
    Map<String, Double> values,
    long startsAt,
    long endsAt,
    long at,
    int sequence,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<String> channels,
    long repeatMs)
    implements Serializable {
  public static final String FIRING = "firing";
  public static final String RESOLVED = "resolved";
  private static final ObjectMapper JSON = new ObjectMapper();

  public String dedupeKey() {
    return rule + "|" + groupText() + "|" + startsAt;
  }

  public String id() {
    return dedupeKey() + "|" + status + "|" + sequence;
  }

  /** The group as {@code {topic=sdk_log, group=g1}}, {@code {}} for a rule without group-by. */
  public String groupText() {
    return group.toString();
  }

  /**
   * The line {@code alert test} prints: {@code <ISO time> <rule> <group> FIRING|RESOLVED <value>}.
   */
  public String transitionLine() {
    return Instant.ofEpochMilli(at)
        + " "
        + rule
        + " "
        + groupText()
        + " "
        + status.toUpperCase(java.util.Locale.ROOT)
        + " "
        + number(value);
  }

  /** The versioned JSON document every channel sends (docs/cep-alerting.md). */
  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("schema", 1);
    n.put("id", id());
    n.put("dedupeKey", dedupeKey());
    n.put("status", status);
    n.put("rule", rule);
    n.put("severity", severity);
    n.set("group", JSON.valueToTree(group));
    putNumber(n, "value", value);
    ObjectNode vs = n.putObject("values");
    values.forEach((k, v) -> putNumber(vs, k, v));
    n.put("startsAt", Instant.ofEpochMilli(startsAt).toString());
    if (endsAt > 0) {
      n.put("endsAt", Instant.ofEpochMilli(endsAt).toString());
    }
    n.put("at", Instant.ofEpochMilli(at).toString());
    n.put("sequence", sequence);
    n.set("labels", JSON.valueToTree(labels));
    n.set("annotations", JSON.valueToTree(annotations));
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void putNumber(ObjectNode n, String field, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }

  /** A value as people write it: {@code 12000000000}, {@code 0.5}, {@code NaN}. */
  public static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
