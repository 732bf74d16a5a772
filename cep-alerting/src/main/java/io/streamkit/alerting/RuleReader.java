package io.streamkit.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Turns one rule document into a {@link Rule}, checking every field and naming its line. */
final class RuleReader {
  static final Set<String> FIELDS =
      new TreeSet<>(
          List.of(
              "name",
              "description",
              "enabled",
              "severity",
              "schedule",
              "time-zone",
              "every",
              "window",
              "repeat-interval",
              "group-by",
              "series",
              "condition",
              "resolve-condition",
              "for",
              "keep-firing-for",
              "labels",
              "annotations",
              "notify",
              "sequence",
              "check"));
  static final Set<String> SERIES_FIELDS =
      new TreeSet<>(List.of("name", "metric", "filter", "aggregate", "offset", "field"));
  static final Set<String> SEQUENCE_FIELDS =
      new TreeSet<>(List.of("event", "times", "within", "reset-by"));
  static final Set<String> SEVERITIES =
      new TreeSet<>(List.of("info", "warning", "error", "critical"));
  static final Set<String> CHANNELS =
      new TreeSet<>(List.of("kafka", "webhook", "log", "alertmanager"));
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]+");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode doc;
  private final Map<String, Integer> lines;
  private final int docLine;

  private RuleReader(JsonNode doc, Map<String, Integer> lines, int docLine) {
    this.doc = doc;
    this.lines = lines;
    this.docLine = docLine;
  }

  static Rule read(JsonNode doc, Map<String, Integer> lines, String file, int docLine)
      throws RuleException {
    return new RuleReader(doc, lines, docLine).rule(file);
  }

  private Rule rule(String file) throws RuleException {
    if (!doc.isObject()) {
      throw new RuleException(docLine, "a rule is a map of fields (name, series, condition, ...)");
    }
    unknownFields(doc, "", FIELDS);
    String name = text("name", null);
    if (name == null) {
      throw new RuleException(docLine, "'name' is missing");
    }
    if (!NAME.matcher(name).matches()) {
      throw error("name", "'" + name + "' is not a rule name: use letters, digits and _ . : -");
    }
    String severity = text("severity", "warning").toLowerCase(Locale.ROOT);
    if (!SEVERITIES.contains(severity)) {
      throw error("severity", "'" + severity + "' is not a severity: one of " + SEVERITIES);
    }
    Schedule schedule = schedule();
    List<Series> series;
    Formula condition;
    Duration window;
    Integer resetSeries = null;
    if (doc.has("sequence")) {
      for (String other : List.of("series", "condition", "window")) {
        if (doc.has(other)) {
          throw error(
              other, "a sequence rule has no '" + other + "': 'sequence' says what to count");
        }
      }
      JsonNode seq = doc.get("sequence");
      if (!seq.isObject()) {
        throw error("sequence", "'sequence' is a map: event, times, within, reset-by");
      }
      unknownFields(seq, "sequence", SEQUENCE_FIELDS);
      series = new ArrayList<>();
      series.add(series(seq.path("event"), "sequence.event", "events", Aggregate.INCREASE));
      if (seq.has("reset-by")) {
        series.add(series(seq.get("reset-by"), "sequence.reset-by", "resets", Aggregate.LAST));
        resetSeries = 1;
      }
      int times = seq.path("times").asInt(0);
      if (times < 1) {
        throw error("sequence", "'sequence.times' must be a whole number of at least 1");
      }
      window = positive("sequence.within", duration("sequence.within", seq.path("within"), null));
      condition = Formula.parse("{0} >= " + times, series.stream().map(Series::name).toList());
    } else {
      series = series();
      condition = formula("condition", series.stream().map(Series::name).toList());
      if (condition == null) {
        throw new RuleException(docLine, "'condition' is missing, e.g. condition: \"{0} > 100\"");
      }
      window = positive("window", duration("window", Duration.ofMinutes(5)));
    }
    List<String> seriesNames = series.stream().map(Series::name).toList();
    List<String> notify = strings("notify", List.of("kafka"));
    for (String channel : notify) {
      if (!CHANNELS.contains(channel)) {
        throw error("notify", "'" + channel + "' is not a channel: any of " + CHANNELS);
      }
    }
    try {
      return new Rule(
          name,
          bool("enabled", true),
          severity,
          schedule,
          window,
          duration("repeat-interval", Duration.ofHours(4)),
          strings("group-by", List.of()),
          series,
          condition,
          formula("resolve-condition", seriesNames),
          duration("for", Duration.ZERO),
          duration("keep-firing-for", Duration.ZERO),
          map("labels"),
          map("annotations"),
          notify,
          resetSeries,
          checkOnArrival(),
          JSON.writeValueAsString(doc),
          file + ":" + docLine);
    } catch (JsonProcessingException e) {
      throw new RuleException(docLine, e.getOriginalMessage());
    }
  }

  private boolean checkOnArrival() throws RuleException {
    String check = text("check", "on-schedule");
    if (!check.equals("on-schedule") && !check.equals("on-arrival")) {
      throw error("check", "'check' is on-schedule or on-arrival, not '" + check + "'");
    }
    return check.equals("on-arrival");
  }

  private Schedule schedule() throws RuleException {
    String cron = text("schedule", null);
    String every = text("every", null);
    if (cron != null && every != null) {
      throw error("every", "set 'schedule' (cron) or 'every', not both");
    }
    try {
      if (cron != null) {
        return Schedule.cron(cron, text("time-zone", "UTC"));
      }
      return Schedule.every(duration("every", Duration.ofMinutes(1)));
    } catch (IllegalArgumentException e) {
      throw error(cron != null ? "schedule" : "every", e.getMessage());
    }
  }

  private List<Series> series() throws RuleException {
    JsonNode list = doc.path("series");
    if (!list.isArray() || list.isEmpty()) {
      throw error("series", "'series' must list at least one series (metric, filter, aggregate)");
    }
    List<Series> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode s = list.get(i);
      String name = s.path("name").isMissingNode() ? null : s.path("name").asText();
      out.add(series(s, "series[" + i + "]", name, Aggregate.MAX));
    }
    return out;
  }

  private Series series(JsonNode s, String at, String name, Aggregate defaultAggregate)
      throws RuleException {
    if (!s.isObject()) {
      throw error(at, "'" + at + "' is a map: metric, filter, aggregate, offset");
    }
    unknownFields(s, at, SERIES_FIELDS);
    String metric = s.path("metric").asText("");
    if (metric.isEmpty()) {
      throw error(at, "'" + at + "' has no 'metric'");
    }
    String aggregate = s.path("aggregate").asText(defaultAggregate.name()).toUpperCase(Locale.ROOT);
    Aggregate agg;
    try {
      agg = Aggregate.valueOf(aggregate);
    } catch (IllegalArgumentException e) {
      throw error(
          at + ".aggregate",
          "'" + aggregate + "' is not an aggregation: one of " + List.of(Aggregate.values()));
    }
    Map<String, String> filter = new LinkedHashMap<>();
    JsonNode f = s.path("filter");
    if (!f.isMissingNode() && !f.isObject()) {
      throw error(at + ".filter", "'filter' is a map of dimension to value, e.g. {topic: \"a*\"}");
    }
    f.fields().forEachRemaining(e -> filter.put(e.getKey(), e.getValue().asText()));
    Duration offset = duration(at + ".offset", s.path("offset"), Duration.ZERO);
    return new Series(name, metric, filter, agg, offset, s.path("field").asText("value"));
  }

  private Formula formula(String field, List<String> seriesNames) throws RuleException {
    String text = text(field, null);
    if (text == null) {
      return null;
    }
    try {
      return Formula.parse(text, seriesNames);
    } catch (IllegalArgumentException e) {
      throw error(field, "'" + field + "': " + e.getMessage());
    }
  }

  private void unknownFields(JsonNode node, String path, Set<String> known) throws RuleException {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!known.contains(field)) {
        String at = path.isEmpty() ? field : path + "." + field;
        throw error(at, "unknown field '" + field + "' (fields: " + String.join(", ", known) + ")");
      }
    }
  }

  private String text(String field, String fallback) throws RuleException {
    JsonNode n = doc.path(field);
    if (n.isMissingNode() || n.isNull()) {
      return fallback;
    }
    if (!n.isValueNode()) {
      throw error(field, "'" + field + "' must be a single value");
    }
    return n.asText();
  }

  private boolean bool(String field, boolean fallback) throws RuleException {
    JsonNode n = doc.path(field);
    if (n.isMissingNode() || n.isNull()) {
      return fallback;
    }
    if (!n.isBoolean()) {
      throw error(field, "'" + field + "' must be true or false");
    }
    return n.asBoolean();
  }

  private Duration duration(String field, Duration fallback) throws RuleException {
    return duration(field, doc.path(field), fallback);
  }

  private Duration duration(String at, JsonNode n, Duration fallback) throws RuleException {
    if (n.isMissingNode() || n.isNull()) {
      return fallback;
    }
    try {
      return Durations.parse(n.asText());
    } catch (IllegalArgumentException e) {
      throw error(at, "'" + at + "': " + e.getMessage());
    }
  }

  private Duration positive(String field, Duration d) throws RuleException {
    if (d == null) {
      throw error(field, "'" + field + "' is missing, e.g. 10m");
    }
    if (d.isZero() || d.isNegative()) {
      throw error(field, "'" + field + "' must be longer than 0");
    }
    return d;
  }

  private List<String> strings(String field, List<String> fallback) throws RuleException {
    JsonNode n = doc.path(field);
    if (n.isMissingNode() || n.isNull()) {
      return fallback;
    }
    if (n.isTextual()) {
      return List.of(n.asText());
    }
    if (!n.isArray()) {
      throw error(field, "'" + field + "' must be a list, e.g. [a, b]");
    }
    List<String> out = new ArrayList<>();
    n.forEach(v -> out.add(v.asText()));
    return List.copyOf(out);
  }

  private Map<String, String> map(String field) throws RuleException {
    JsonNode n = doc.path(field);
    if (n.isMissingNode() || n.isNull()) {
      return Map.of();
    }
    if (!n.isObject()) {
      throw error(field, "'" + field + "' must be a map of names to texts");
    }
    Map<String, String> out = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private RuleException error(String path, String message) {
    return new RuleException(lines.getOrDefault(path, docLine), message);
  }
}
