package io.streamkit.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The transitions a rule test expects ({@code alert test --expect FILE}): a YAML list of {@code
 * {at, rule, group, status, value}}, {@code value} optional. Compared in order with what the replay
 * gave; every difference is one line of the result.
 */
public final class ExpectedTransitions {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private record Expected(
      Instant at, String rule, Map<String, String> group, String status, Double value) {
    String line() {
      return at
          + " "
          + rule
          + " "
          + group
          + " "
          + status
          + (value == null ? "" : " " + Notification.number(value));
    }
  }

  private final List<Expected> expected;

  private ExpectedTransitions(List<Expected> expected) {
    this.expected = expected;
  }

  /**
   * @throws IllegalArgumentException naming the entry that cannot be read
   */
  public static ExpectedTransitions parse(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid YAML: " + e.getMessage());
    }
    if (root != null && root.has("transitions")) {
      root = root.get("transitions");
    }
    List<Expected> out = new ArrayList<>();
    if (root == null || root.isNull() || root.isMissingNode()) {
      return new ExpectedTransitions(out); // nothing expected to fire
    }
    if (!root.isArray()) {
      throw new IllegalArgumentException(
          "expected a list of transitions (at, rule, group, status)");
    }
    for (int i = 0; i < root.size(); i++) {
      JsonNode t = root.get(i);
      try {
        Map<String, String> group = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = t.path("group").fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          group.put(e.getKey(), e.getValue().asText());
        }
        String status = t.path("status").asText().toUpperCase(Locale.ROOT);
        if (!status.equals("FIRING") && !status.equals("RESOLVED")) {
          throw new IllegalArgumentException("status must be FIRING or RESOLVED");
        }
        out.add(
            new Expected(
                Instant.parse(t.path("at").asText()),
                t.path("rule").asText(),
                group,
                status,
                t.has("value") ? t.get("value").asDouble() : null));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("transition " + (i + 1) + ": " + e.getMessage());
      }
    }
    return new ExpectedTransitions(out);
  }

  /** One line per difference between what was expected and what happened; empty when equal. */
  public List<String> differences(List<Notification> actual) {
    List<String> diffs = new ArrayList<>();
    int n = Math.max(expected.size(), actual.size());
    for (int i = 0; i < n; i++) {
      Expected e = i < expected.size() ? expected.get(i) : null;
      Notification a = i < actual.size() ? actual.get(i) : null;
      String want = e == null ? null : e.line();
      String got =
          a == null ? null : (e != null && e.value == null ? withoutValue(a) : a.transitionLine());
      if (want == null || got == null || !want.equals(got)) {
        diffs.add(
            "transition "
                + (i + 1)
                + ": expected "
                + (want == null ? "nothing" : want)
                + ", got "
                + (got == null ? "nothing" : got));
      }
    }
    return diffs;
  }

  private static String withoutValue(Notification a) {
    String line = a.transitionLine();
    return line.substring(0, line.lastIndexOf(' '));
  }
}
