package io.streamkit.alerting;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates alert rules over metric events; the one engine behind the Flink alert job and {@code
 * streamkit alert test}. Not thread-safe: one thread feeds it events, rule changes and time.
 *
 * <p>Each rule is checked at the instants of its schedule, in time order across rules, with the
 * scheduled instant as "now", so a replay of recorded events gives the transitions a live run
 * would. Rules can be added, changed, disabled and removed at any time: an unchanged rule (same
 * definition) keeps its state; a changed, disabled or removed rule resolves what it had firing and
 * forgets its state.
 */
public final class AlertEngine {
  private static final Pattern TEMPLATE =
      Pattern.compile("\\{\\{\\s*\\$(\\w+)(?:\\.(\\w+))?\\s*}}");
  private static final long EVICT_EVERY_MS = 60_000;

  private static final class Installed {
    final Rule rule;
    final List<SeriesStore.Input> inputs = new ArrayList<>();
    final Map<List<String>, AlertState> states = new HashMap<>();
    long nextDue;

    Installed(Rule rule) {
      this.rule = rule;
    }
  }

  private final SeriesStore store = new SeriesStore();
  // Rules with check: on-arrival, by the inputs they read.
  private final Map<SeriesStore.Input, List<Installed>> onArrival =
      new java.util.IdentityHashMap<>();
  private final Map<String, Installed> rules = new LinkedHashMap<>();
  private final TreeSet<Installed> due =
      new TreeSet<>(
          Comparator.<Installed>comparingLong(i -> i.nextDue).thenComparing(i -> i.rule.name()));
  private long lastEviction;
  private long eventsMatched;
  private long eventsUnmatched;

  /**
   * Installs or replaces a rule; its first check is the first instant of its schedule after {@code
   * now}. Returns the resolutions of what a replaced rule had firing.
   */
  public List<Notification> put(Rule rule, long now) {
    Installed old = rules.get(rule.name());
    if (old != null && old.rule.definition().equals(rule.definition())) {
      return List.of(); // unchanged: keeps its state and schedule
    }
    List<Notification> resolved = old == null ? List.of() : uninstall(old, now);
    Installed in = new Installed(rule);
    long retention = rule.lookBack().toMillis() + 60_000; // a minute of slack for late checks
    for (Series s : rule.series()) {
      in.inputs.add(store.acquire(s, rule.groupBy(), retention));
    }
    in.nextDue = rule.schedule().nextAfter(now);
    rules.put(rule.name(), in);
    if (rule.checkOnArrival() && rule.enabled()) {
      for (SeriesStore.Input input : in.inputs) {
        onArrival.computeIfAbsent(input, k -> new ArrayList<>()).add(in);
      }
    }
    if (rule.enabled()) {
      due.add(in);
    }
    return resolved;
  }

  /** Removes a rule; returns the resolutions of what it had firing. */
  public List<Notification> remove(String name, long now) {
    Installed old = rules.remove(name);
    return old == null ? List.of() : uninstall(old, now);
  }

  /** Names of the installed rules, in installation order. */
  public List<String> ruleNames() {
    return List.copyOf(rules.keySet());
  }

  /** How many rules are installed (enabled or not). */
  public int ruleCount() {
    return rules.size();
  }

  /** The installed rule, or null. */
  public Rule rule(String name) {
    Installed in = rules.get(name);
    return in == null ? null : in.rule;
  }

  /** One rule in a checkpoint: its definition, next check and alert states. */
  private record SavedRule(
      String definition, String source, long nextDue, HashMap<List<String>, AlertState> states)
      implements Serializable {}

  /** Everything in a checkpoint: rules, schedules, alert states and samples. */
  private record Saved(
      List<SavedRule> rules, Map<String, Map<List<String>, Map<String, SampleBuffer>>> samples)
      implements Serializable {}

  /**
   * The engine's whole state as bytes, for a checkpoint: every rule with its next check and alert
   * states (so a restored job neither forgets a firing alert nor fires it again), and the samples
   * the rules' windows still need.
   */
  public byte[] snapshot() {
    List<SavedRule> saved = new ArrayList<>();
    for (Installed in : rules.values()) {
      saved.add(
          new SavedRule(
              in.rule.definition(), in.rule.source(), in.nextDue, new HashMap<>(in.states)));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new Saved(saved, store.samples()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Adds the rules of a {@link #snapshot()} for which {@code owns} holds, with their schedules,
   * alert states and samples. Several snapshots can be restored into one engine (after a change of
   * parallelism, every subtask takes its rules from all of them).
   */
  public void restore(byte[] snapshot, Predicate<String> owns) {
    Saved saved;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(snapshot))) {
      saved = (Saved) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("Cannot read the alert engine's checkpoint", e);
    }
    for (SavedRule r : saved.rules()) {
      Rule rule = RuleFile.fromDefinition(r.definition(), r.source());
      if (!owns.test(rule.name())) {
        continue;
      }
      put(rule, 0);
      Installed in = rules.get(rule.name());
      due.remove(in);
      in.nextDue = r.nextDue();
      in.states.putAll(r.states());
      if (rule.enabled()) {
        due.add(in);
      }
    }
    store.restoreSamples(saved.samples());
  }

  /**
   * Feeds one metric event to every series it matches; returns what the rules checked on arrival of
   * their events ({@code check: on-arrival}) notify now.
   */
  public List<Notification> accept(MetricEvent event) {
    List<Installed> arrived = new ArrayList<>(0);
    int matched =
        store.accept(
            event,
            input -> {
              for (Installed in : onArrival.getOrDefault(input, List.of())) {
                if (!arrived.contains(in)) {
                  arrived.add(in);
                }
              }
            });
    if (matched > 0) {
      eventsMatched++;
    } else {
      eventsUnmatched++;
    }
    if (arrived.isEmpty()) {
      return List.of();
    }
    List<Notification> out = new ArrayList<>();
    for (Installed in : arrived) {
      evaluate(in, event.timestamp(), out, false);
    }
    return out;
  }

  /** The next instant a rule is due, or {@link Long#MAX_VALUE} when none is enabled. */
  public long nextDue() {
    return due.isEmpty() ? Long.MAX_VALUE : due.first().nextDue;
  }

  /** Distinct inputs kept for all rules: what rules share is kept once. */
  public int inputCount() {
    return store.inputCount();
  }

  public long eventsMatched() {
    return eventsMatched;
  }

  public long eventsUnmatched() {
    return eventsUnmatched;
  }

  /**
   * Checks every rule due at or before {@code now}, each at its scheduled instants in time order,
   * and returns what to notify.
   */
  public List<Notification> evaluateUntil(long now) {
    List<Notification> out = new ArrayList<>();
    while (!due.isEmpty() && due.first().nextDue <= now) {
      Installed in = due.pollFirst();
      long at = in.nextDue;
      evaluate(in, at, out, true);
      long next = in.rule.schedule().nextAfter(at);
      long horizon = now - in.rule.lookBack().toMillis();
      if (next < horizon) {
        // Far behind (first events, or the job was stopped): only the instants whose windows
        // can still hold data are checked.
        next = in.rule.schedule().nextAfter(horizon);
      }
      in.nextDue = next;
      due.add(in);
    }
    if (now - lastEviction >= EVICT_EVERY_MS) {
      store.evict(now);
      lastEviction = now;
    }
    return out;
  }

  /**
   * Checks one rule at {@code at}. A check on arrival ({@code scheduled} false) only moves groups
   * whose condition holds towards firing: the other series' events of that instant may still be on
   * their way, so resolving waits for the scheduled check.
   */
  private void evaluate(Installed in, long at, List<Notification> out, boolean scheduled) {
    Rule rule = in.rule;
    Map<List<String>, Map<String, String>> groups = SeriesStore.groups(in.inputs, rule.groupBy());
    for (List<String> g : in.states.keySet()) {
      groups.computeIfAbsent(g, k -> dims(rule, k)); // firing, but its data is gone
    }
    long window = rule.window().toMillis();
    for (Map.Entry<List<String>, Map<String, String>> group : groups.entrySet()) {
      double[] values = new double[rule.series().size()];
      boolean noData = true;
      for (int i = 0; i < values.length; i++) {
        Series s = rule.series().get(i);
        long to = at - s.offset().toMillis();
        long from = to - window;
        if (i == 0 && rule.resetSeries() != null) {
          // "In a row": count only since the reset series last moved.
          from =
              SeriesStore.lastIncrease(in.inputs.get(rule.resetSeries()), group.getKey(), from, to);
        }
        values[i] =
            SeriesStore.aggregate(in.inputs.get(i), group.getKey(), s.aggregate(), from, to);
        noData &= Double.isNaN(values[i]);
      }
      boolean holds = !noData && rule.condition().holds(values);
      boolean resolves =
          noData
              || (rule.resolveCondition() != null ? rule.resolveCondition().holds(values) : !holds);
      if (!scheduled && !holds) {
        continue;
      }
      AlertState state = in.states.get(group.getKey());
      if (state == null) {
        if (!holds) {
          continue;
        }
        state = new AlertState();
        in.states.put(group.getKey(), state);
      }
      AlertState.Step step = state.evaluate(at, holds, resolves, rule);
      if (step != AlertState.Step.NONE) {
        out.add(notification(rule, group.getValue(), values, state, step, at));
      }
      if (state.phase == AlertState.Phase.INACTIVE) {
        in.states.remove(group.getKey());
      }
    }
  }

  private List<Notification> uninstall(Installed old, long now) {
    due.remove(old);
    for (SeriesStore.Input input : old.inputs) {
      List<Installed> readers = onArrival.get(input);
      if (readers != null) {
        readers.remove(old);
        if (readers.isEmpty()) {
          onArrival.remove(input);
        }
      }
    }
    old.inputs.forEach(store::release);
    List<Notification> resolved = new ArrayList<>();
    for (Map.Entry<List<String>, AlertState> e : old.states.entrySet()) {
      if (e.getValue().phase == AlertState.Phase.FIRING) {
        double[] none = new double[old.rule.series().size()];
        java.util.Arrays.fill(none, Double.NaN);
        resolved.add(
            notification(
                old.rule,
                dims(old.rule, e.getKey()),
                none,
                e.getValue(),
                AlertState.Step.RESOLVE,
                now));
      }
    }
    return resolved;
  }

  private static Map<String, String> dims(Rule rule, List<String> group) {
    Map<String, String> dims = new LinkedHashMap<>();
    for (int i = 0; i < rule.groupBy().size(); i++) {
      dims.put(rule.groupBy().get(i), group.get(i));
    }
    return dims;
  }

  private static Notification notification(
      Rule rule,
      Map<String, String> group,
      double[] values,
      AlertState state,
      AlertState.Step step,
      long at) {
    Map<String, Double> named = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      String name = rule.series().get(i).name();
      named.put(name == null ? String.valueOf(i) : name, values[i]);
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    rule.annotations().forEach((k, v) -> annotations.put(k, render(v, rule, group, values, named)));
    boolean resolved = step == AlertState.Step.RESOLVE;
    double value = firstWithData(values);
    return new Notification(
        resolved ? Notification.RESOLVED : Notification.FIRING,
        rule.name(),
        rule.severity(),
        group,
        value,
        named,
        state.firingSince,
        resolved ? at : 0,
        at,
        state.sequence,
        rule.labels(),
        annotations,
        rule.channels(),
        rule.repeatInterval().toMillis());
  }

  /** The alert's value: the first series, in order, that has data at the check. */
  private static double firstWithData(double[] values) {
    for (double v : values) {
      if (!Double.isNaN(v)) {
        return v;
      }
    }
    return Double.NaN;
  }

  /**
   * Fills {@code {{ $value }}} (the first series with data), {@code {{ $values.NAME }}}, {@code {{
   * $labels.DIM }}} and {@code {{ $rule }}} into an annotation.
   */
  static String render(
      String template,
      Rule rule,
      Map<String, String> group,
      double[] values,
      Map<String, Double> named) {
    Matcher m = TEMPLATE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String kind = m.group(1);
      String key = m.group(2);
      String value =
          switch (kind) {
            case "value" -> Notification.number(firstWithData(values));
            case "values" ->
                key != null && named.containsKey(key)
                    ? Notification.number(named.get(key))
                    : m.group();
            case "labels" -> key != null ? group.getOrDefault(key, "") : m.group();
            case "rule" -> rule.name();
            default -> m.group();
          };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
