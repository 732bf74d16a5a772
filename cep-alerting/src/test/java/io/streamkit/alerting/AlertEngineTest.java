package io.streamkit.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The engine's timing and semantics on recorded events (every 10 s, from T0): one alert per spike,
 * {@code for}, {@code keep-firing-for}, hysteresis, {@code repeat-interval}, period-over-period,
 * groups, aggregations, shared inputs, and rules changed at run time.
 */
class AlertEngineTest {
  static final long T0 = Instant.parse("2026-12-06T10:00:00Z").toEpochMilli();
  static final long MIN = 60_000;

  static Rule rule(String yaml) {
    RuleFile.Result r = RuleFile.parse("test.yaml", yaml);
    assertThat(r.errors()).isEmpty();
    return r.rules().get(0);
  }

  /** {@code minutes} of one metric every 10 s, valued by {@code value(ms since T0)}. */
  static List<MetricEvent> every10s(
      String metric, Map<String, String> tags, int minutes, LongToDoubleFunction value) {
    List<MetricEvent> out = new ArrayList<>();
    for (long t = 0; t <= minutes * MIN; t += 10_000) {
      out.add(new MetricEvent(metric, T0 + t, tags, Map.of("value", value.applyAsDouble(t))));
    }
    return out;
  }

  static List<String> lines(List<Notification> ns) {
    return ns.stream().map(Notification::transitionLine).toList();
  }

  static final String LAG =
      """
      name: lag
      every: 1m
      window: 1m
      series: [{metric: records-lag-max, filter: {topic: "sdk_*"}, aggregate: MAX}]
      condition: "{0} > 1000"
      repeat-interval: 0s
      """;

  @Test
  void aLagSpikeGivesExactlyOneAlertAtTheFirstCheckAndOneResolve() {
    // Lag 5,000 from 5:00 to 6:50; checks every minute over the minute before.
    List<MetricEvent> events =
        every10s(
            "records-lag-max",
            Map.of("topic", "sdk_log"),
            12,
            t -> t >= 5 * MIN && t < 7 * MIN ? 5_000 : 10);
    events.addAll(
        every10s("records-lag-max", Map.of("topic", "other"), 12, t -> 1e9)); // filtered out
    assertThat(lines(AlertReplay.run(List.of(rule(LAG)), events)))
        .containsExactly(
            "2026-12-06T10:05:00Z lag {} FIRING 5000", "2026-12-06T10:08:00Z lag {} RESOLVED 10");
  }

  @Test
  void aRuleCheckedOnArrivalFiresWithTheEventAndResolvesOnSchedule() {
    List<MetricEvent> events =
        every10s(
            "records-lag-max",
            Map.of("topic", "sdk_log"),
            12,
            t -> t >= 5 * MIN + 10_000 && t < 7 * MIN ? 5_000 : 10);
    assertThat(lines(AlertReplay.run(List.of(rule(LAG)), events)))
        .containsExactly(
            "2026-12-06T10:06:00Z lag {} FIRING 5000", "2026-12-06T10:08:00Z lag {} RESOLVED 10");
    assertThat(lines(AlertReplay.run(List.of(rule(LAG + "check: on-arrival\n")), events)))
        .containsExactly(
            "2026-12-06T10:05:10Z lag {} FIRING 5000", // with the event, not at the next minute
            "2026-12-06T10:08:00Z lag {} RESOLVED 10");
  }

  @Test
  void forWaitsKeepFiringForHoldsAndRepeatIntervalRenotifies() {
    List<MetricEvent> events =
        every10s(
            "records-lag-max",
            Map.of("topic", "sdk_log"),
            20,
            t -> t >= 5 * MIN && t < 12 * MIN ? 5_000 : 10);
    Rule rule =
        rule(
            LAG.replace(
                "repeat-interval: 0s", "repeat-interval: 3m\nfor: 2m\nkeep-firing-for: 2m"));
    List<Notification> ns = AlertReplay.run(List.of(rule), events);
    assertThat(lines(ns))
        .containsExactly(
            "2026-12-06T10:07:00Z lag {} FIRING 5000", // true from 10:05, for 2m
            "2026-12-06T10:10:00Z lag {} FIRING 5000", // repeated after 3m
            "2026-12-06T10:15:00Z lag {} RESOLVED 10"); // false from 10:13, kept 2m
    assertThat(ns).extracting(Notification::sequence).containsExactly(0, 1, 1);
    assertThat(ns).extracting(Notification::dedupeKey).containsOnly("lag|{}|" + (T0 + 7 * MIN));
    assertThat(ns.get(2).endsAt()).isEqualTo(T0 + 15 * MIN);
  }

  @Test
  void theSeedsRuleChecksEveryFiveMinutesAndRepeatsAfter29() {
    // os_uninstall lag 200,000 from 10:20 to 10:30 (its series is {1}); sdk_log reports nothing.
    List<MetricEvent> events =
        every10s(
            "records-lag-max",
            Map.of("topic", "os_uninstall"),
            75,
            t -> t >= 20 * MIN && t < 30 * MIN ? 200_000 : 50);
    List<Notification> ns = AlertReplay.run(List.of(rule(RuleFileTest.OSTREAM_LAG)), events);
    assertThat(lines(ns))
        .containsExactly(
            "2026-12-06T10:20:00Z ostream_lag {} FIRING 200000", // the first */5 check after 10:20
            "2026-12-06T10:50:00Z ostream_lag {} FIRING 200000", // repeated: 30 min >= 29m
            "2026-12-06T11:00:00Z ostream_lag {} RESOLVED 50"); // window (10:30, 11:00] is clear
    assertThat(ns.get(0).values()).containsEntry("os_uninstall", 200_000.0);
    assertThat(ns.get(0).values().get("sdk_log")).isNaN();
  }

  @Test
  void aPendingAlertThatClearsBeforeForNeverFires() {
    List<MetricEvent> events =
        every10s(
            "records-lag-max",
            Map.of("topic", "sdk_log"),
            10,
            t -> t >= 5 * MIN && t < 6 * MIN ? 5_000 : 10);
    assertThat(AlertReplay.run(List.of(rule(LAG + "for: 3m\n")), events)).isEmpty();
  }

  @Test
  void hysteresisResolvesOnlyBelowTheResolveCondition() {
    // 5,000 from 5:00, 500 from 8:00 (below the firing threshold, above the resolve one), 50 at
    // 11:00.
    List<MetricEvent> events =
        every10s(
            "records-lag-max",
            Map.of("topic", "sdk_log"),
            14,
            t -> t < 5 * MIN ? 50 : t < 8 * MIN ? 5_000 : t < 11 * MIN ? 500 : 50);
    Rule rule = rule(LAG + "resolve-condition: \"{0} < 100\"\n");
    assertThat(lines(AlertReplay.run(List.of(rule), events)))
        .containsExactly(
            "2026-12-06T10:05:00Z lag {} FIRING 5000", "2026-12-06T10:12:00Z lag {} RESOLVED 50");
    // Without hysteresis the same data flaps off at 500.
    assertThat(lines(AlertReplay.run(List.of(rule(LAG)), events)))
        .containsExactly(
            "2026-12-06T10:05:00Z lag {} FIRING 5000", "2026-12-06T10:09:00Z lag {} RESOLVED 500");
  }

  @Test
  void periodOverPeriodComparesWithTheSameWindowEarlier() {
    // 100 records/s for 10 minutes, then 300: three times what it was 10 minutes before.
    Rule rule =
        rule(
            """
            name: surge
            every: 1m
            window: 1m
            series:
              - {name: now, metric: numRecordsInPerSecond, aggregate: AVG}
              - {name: before, metric: numRecordsInPerSecond, aggregate: AVG, offset: 10m}
            condition: "{now} / {before} > 2"
            """);
    List<MetricEvent> events =
        every10s("numRecordsInPerSecond", Map.of(), 15, t -> t < 10 * MIN ? 100 : 300);
    List<Notification> ns = AlertReplay.run(List.of(rule), events);
    assertThat(lines(ns)).containsExactly("2026-12-06T10:11:00Z surge {} FIRING 300");
    assertThat(ns.get(0).values()).containsEntry("now", 300.0).containsEntry("before", 100.0);
  }

  @Test
  void groupByKeepsTopicsApartAndAnnotationsAreFilledIn() {
    Rule rule =
        rule(
            LAG.replace("name: lag", "name: lag_by_topic")
                + "group-by: [topic]\nannotations: {summary: \"lag {{ $value }} on {{ $labels.topic }}\"}\n");
    List<MetricEvent> events = every10s("records-lag-max", Map.of("topic", "sdk_a"), 3, t -> 5_000);
    events.addAll(every10s("records-lag-max", Map.of("topic", "sdk_b"), 3, t -> 10));
    List<Notification> ns = AlertReplay.run(List.of(rule), events);
    assertThat(lines(ns))
        .containsExactly("2026-12-06T10:00:00Z lag_by_topic {topic=sdk_a} FIRING 5000");
    assertThat(ns.get(0).annotations()).containsEntry("summary", "lag 5000 on sdk_a");
    assertThat(ns.get(0).toJson())
        .contains("\"schema\":1")
        .contains("\"status\":\"firing\"")
        .contains("\"group\":{\"topic\":\"sdk_a\"}")
        .contains("\"startsAt\":\"2026-12-06T10:00:00Z\"");
  }

  @Test
  void aggregationsOverInstancesAndTime() {
    // Two partitions' lag (last values 30 and 70) and a counter that resets once.
    List<MetricEvent> events = new ArrayList<>();
    events.addAll(every10s("lag", Map.of("partition", "0"), 1, t -> t / 1000)); // 0..60, last 60
    events.addAll(every10s("lag", Map.of("partition", "1"), 1, t -> 100 - t / 1000)); // last 40
    // 0,10,20,30 then reset to 5,15,25: increase 30 + 5 + 20 = 55 over 60 s.
    long[] counter = {0, 10, 20, 30, 5, 15, 25};
    for (int i = 0; i < counter.length; i++) {
      events.add(
          new MetricEvent(
              "records", T0 + i * 10_000L, Map.of(), Map.of("value", (double) counter[i])));
    }
    Map<Aggregate, Double> got = new HashMap<>();
    for (Aggregate a : Aggregate.values()) {
      String metric = a == Aggregate.RATE || a == Aggregate.INCREASE ? "records" : "lag";
      Rule r =
          rule(
              "name: agg\nevery: 1m\nwindow: 2m\nseries: [{metric: "
                  + metric
                  + ", aggregate: "
                  + a
                  + "}]\ncondition: \"{0} > -1\"\n");
      AlertEngine engine = new AlertEngine();
      engine.put(r, T0); // first check at T0 + 1m, over every event
      events.forEach(engine::accept);
      got.put(a, engine.evaluateUntil(T0 + MIN).get(0).value());
    }
    assertThat(got)
        .containsEntry(Aggregate.MAX, 100.0)
        .containsEntry(Aggregate.MIN, 0.0)
        .containsEntry(Aggregate.AVG, 50.0)
        .containsEntry(Aggregate.SUM, 100.0) // 60 + 40, each partition's latest
        .containsEntry(Aggregate.COUNT, 14.0)
        .containsEntry(Aggregate.RATE, 55 / 60.0)
        .containsEntry(Aggregate.INCREASE, 55.0);
    assertThat(got.get(Aggregate.LAST)).isIn(60.0, 40.0);
  }

  @Test
  void aSequenceRuleCountsFailedCheckpointsInARow() {
    // Failures at 1:00 and 2:00, a completed checkpoint at 2:30, failures at 3:00, 4:00, 5:00.
    List<MetricEvent> events = new ArrayList<>();
    events.addAll(
        every10s(
            "numberOfFailedCheckpoints",
            Map.of("job_name", "etl"),
            8,
            t ->
                (t >= MIN ? 1 : 0)
                    + (t >= 2 * MIN ? 1 : 0)
                    + (t >= 3 * MIN ? 1 : 0)
                    + (t >= 4 * MIN ? 1 : 0)
                    + (t >= 5 * MIN ? 1 : 0)));
    events.addAll(
        every10s(
            "numberOfCompletedCheckpoints",
            Map.of("job_name", "etl"),
            8,
            t -> 10 + (t >= 150_000 ? 1 : 0)));
    String inARow =
        """
        name: checkpoints_failing
        every: 30s
        group-by: [job_name]
        sequence:
          event: {metric: numberOfFailedCheckpoints}
          times: 3
          within: 10m
          reset-by: {metric: numberOfCompletedCheckpoints}
        """;
    assertThat(lines(AlertReplay.run(List.of(rule(inARow)), events)))
        .containsExactly("2026-12-06T10:05:00Z checkpoints_failing {job_name=etl} FIRING 3");
    // Without reset-by, three failures within 10 minutes, wherever they are: fires at 3:00.
    String within = inARow.replace("  reset-by: {metric: numberOfCompletedCheckpoints}\n", "");
    assertThat(lines(AlertReplay.run(List.of(rule(within)), events)))
        .containsExactly("2026-12-06T10:03:00Z checkpoints_failing {job_name=etl} FIRING 3");
    assertThat(RuleFile.parse("f.yaml", inARow + "condition: \"{0} > 1\"\n").errors())
        .containsExactly(
            "f.yaml:9: rule 'checkpoints_failing': a sequence rule has no 'condition': 'sequence'"
                + " says what to count");
  }

  @Test
  void rulesChangedAtRunTime() {
    AlertEngine engine = new AlertEngine();
    Rule lag = rule(LAG);
    engine.put(lag, T0 - 1);
    Rule same = rule(LAG.replace("1000", "2000").replace("name: lag", "name: lag2"));
    engine.put(same, T0 - 1);
    assertThat(engine.inputCount()).as("two rules over one series share it").isEqualTo(1);

    // Three minutes of events at once: the samples older than the rules need (window + 1 min) are
    // let go on arrival, so the check at 10:00 finds none and the one at 10:01 fires.
    every10s("records-lag-max", Map.of("topic", "sdk_log"), 3, t -> 5_000).forEach(engine::accept);
    assertThat(lines(engine.evaluateUntil(T0 + MIN)))
        .containsExactly(
            "2026-12-06T10:01:00Z lag {} FIRING 5000", "2026-12-06T10:01:00Z lag2 {} FIRING 5000");

    // Applied again unchanged: keeps its state, so no second FIRING.
    assertThat(engine.put(rule(LAG), T0 + MIN)).isEmpty();
    assertThat(engine.evaluateUntil(T0 + 2 * MIN)).isEmpty();

    // Changed: what it had firing resolves; the new definition starts afresh and fires again.
    List<Notification> changed = engine.put(rule(LAG.replace("1000", "1500")), T0 + 2 * MIN);
    assertThat(lines(changed)).containsExactly("2026-12-06T10:02:00Z lag {} RESOLVED NaN");
    assertThat(lines(engine.evaluateUntil(T0 + 3 * MIN)))
        .containsExactly("2026-12-06T10:03:00Z lag {} FIRING 5000");

    // Disabled: resolves and is no longer checked. Removed: resolves and its input goes.
    assertThat(engine.put(rule(LAG.replace("1000", "1500") + "enabled: false\n"), T0 + 3 * MIN))
        .hasSize(1);
    assertThat(lines(engine.remove("lag2", T0 + 3 * MIN)))
        .containsExactly("2026-12-06T10:03:00Z lag2 {} RESOLVED NaN");
    engine.remove("lag", T0 + 3 * MIN);
    assertThat(engine.inputCount()).isZero();
    assertThat(engine.evaluateUntil(T0 + 10 * MIN)).isEmpty();
    assertThat(engine.nextDue()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aRestoredEngineNeitherForgetsAFiringAlertNorFiresItAgain() {
    List<MetricEvent> events =
        every10s(
            "records-lag-max",
            Map.of("topic", "sdk_log"),
            12,
            t -> t >= 5 * MIN && t < 7 * MIN ? 5_000 : 10);
    AlertEngine before = new AlertEngine();
    before.put(rule(LAG), T0 - 1);
    before.put(rule(LAG.replace("name: lag", "name: other")), T0 - 1);
    List<Notification> seen = new ArrayList<>();
    for (MetricEvent e : events) {
      if (e.timestamp() > T0 + 6 * MIN) {
        break;
      }
      seen.addAll(before.evaluateUntil(e.timestamp() - 1));
      before.accept(e);
    }
    assertThat(lines(seen)).contains("2026-12-06T10:05:00Z lag {} FIRING 5000");

    AlertEngine after = new AlertEngine();
    after.restore(before.snapshot(), name -> name.equals("lag")); // this subtask owns 'lag' only
    assertThat(after.ruleNames()).containsExactly("lag");
    List<Notification> later = new ArrayList<>();
    for (MetricEvent e : events) {
      if (e.timestamp() > T0 + 6 * MIN) {
        later.addAll(after.evaluateUntil(e.timestamp() - 1));
        after.accept(e);
      }
    }
    // Firing since 10:05 before the restore: no second FIRING, and the same alert resolves.
    assertThat(lines(later)).containsExactly("2026-12-06T10:08:00Z lag {} RESOLVED 10");
    assertThat(later.get(0).startsAt()).isEqualTo(T0 + 5 * MIN);
  }

  @Test
  void expectedTransitionsAreComparedInOrder() {
    List<Notification> ns =
        AlertReplay.run(
            List.of(rule(LAG)),
            every10s(
                "records-lag-max",
                Map.of("topic", "sdk_log"),
                12,
                t -> t >= 5 * MIN && t < 7 * MIN ? 5_000 : 10));
    ExpectedTransitions ok =
        ExpectedTransitions.parse(
            """
            - {at: "2026-12-06T10:05:00Z", rule: lag, group: {}, status: FIRING, value: 5000}
            - {at: "2026-12-06T10:08:00Z", rule: lag, status: resolved}
            """);
    assertThat(ok.differences(ns)).isEmpty();
    ExpectedTransitions wrong =
        ExpectedTransitions.parse("- {at: \"2026-12-06T10:06:00Z\", rule: lag, status: FIRING}\n");
    assertThat(wrong.differences(ns))
        .containsExactly(
            "transition 1: expected 2026-12-06T10:06:00Z lag {} FIRING, got 2026-12-06T10:05:00Z lag {} FIRING",
            "transition 2: expected nothing, got 2026-12-06T10:08:00Z lag {} RESOLVED 10");
  }
}
