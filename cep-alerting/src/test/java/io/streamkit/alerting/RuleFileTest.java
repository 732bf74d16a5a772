package io.streamkit.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleFileTest {
  /** The seed's ostream_lag rule, exactly as issue 13 writes it. */
  static final String OSTREAM_LAG =
      """
      name: ostream_lag
      enabled: true
      severity: warning
      schedule: "*/5 * * * *"        # or: every: 1m
      window: 30m
      repeat-interval: 29m
      group-by: []                   # [] = aggregate every dimension; or e.g. [topic, group]
      series:
        - name: sdk_log
          metric: records-lag-max
          filter: {topic: "sdk_log", group: "*", cluster: "*"}
          aggregate: MAX
        - name: os_uninstall
          metric: records-lag-max
          filter: {topic: "os_uninstall"}
          aggregate: MAX
          offset: 0m
      condition: "{0} > 10000000000 or {1} > 100000"
      notify: [kafka, webhook]
      """;

  @Test
  void theSeedsRuleReadsWithEveryField() {
    RuleFile.Result r = RuleFile.parse("lag.yaml", OSTREAM_LAG);
    assertThat(r.errors()).isEmpty();
    Rule rule = r.rules().get(0);
    assertThat(rule.name()).isEqualTo("ostream_lag");
    assertThat(rule.enabled()).isTrue();
    assertThat(rule.severity()).isEqualTo("warning");
    assertThat(rule.schedule().toString()).isEqualTo("*/5 * * * * (UTC)");
    assertThat(rule.window()).isEqualTo(Duration.ofMinutes(30));
    assertThat(rule.repeatInterval()).isEqualTo(Duration.ofMinutes(29));
    assertThat(rule.groupBy()).isEmpty();
    assertThat(rule.series()).hasSize(2);
    assertThat(rule.series().get(0).filter())
        .isEqualTo(Map.of("topic", "sdk_log", "group", "*", "cluster", "*"));
    assertThat(rule.series().get(1).aggregate()).isEqualTo(Aggregate.MAX);
    assertThat(rule.condition().holds(new double[] {2e10, 0})).isTrue();
    assertThat(rule.channels()).containsExactly("kafka", "webhook");
    assertThat(rule.source()).isEqualTo("lag.yaml:1");
    // Defaults of what the seed does not set.
    assertThat(rule.pendingFor()).isZero();
    assertThat(rule.keepFiringFor()).isZero();
    assertThat(rule.resolveCondition()).isNull();
    assertThat(RuleFile.fromDefinition(rule.definition(), "db").definition())
        .isEqualTo(rule.definition());
  }

  @Test
  void aBadRuleIsRefusedWithItsLineAndTheOthersStillLoad() {
    String file =
        OSTREAM_LAG
            + """
            ---
            name: bad_formula
            series:
              - metric: numRestarts
            condition: "{0} > > 3"
            ---
            name: typo
            series:
              - metric: numRestarts
                agregate: MAX
            condition: "{0} > 3"
            ---
            name: good
            every: 30s
            series: [{metric: numRestarts, aggregate: rate}]
            condition: "{0} > 0"
            ---
            name: good
            series: [{metric: x}]
            condition: "{0} > 0"
            """;
    RuleFile.Result r = RuleFile.parse("rules.yaml", file);
    assertThat(r.rules()).extracting(Rule::name).containsExactly("ostream_lag", "good");
    assertThat(r.errors())
        .containsExactly(
            "rules.yaml:24: rule 'bad_formula': 'condition': expected a number, a series such as"
                + " {0}, '(' or 'not' at column 7 of \"{0} > > 3\"",
            "rules.yaml:29: rule 'typo': unknown field 'agregate' (fields: aggregate, field,"
                + " filter, metric, name, offset)",
            "rules.yaml:37: rule 'good' is defined twice (first at line 32)");
  }

  @Test
  void missingAndWrongValuesAreNamed() {
    assertThat(RuleFile.parse("f.yaml", "name: x\ncondition: \"1 > 0\"\n").errors())
        .containsExactly(
            "f.yaml:1: rule 'x': 'series' must list at least one series (metric, filter,"
                + " aggregate)");
    assertThat(
            RuleFile.parse(
                    "f.yaml",
                    "name: x\nwindow: 30 minutes\nseries: [{metric: m}]\ncondition: \"{0} > 0\"\n")
                .errors())
        .containsExactly(
            "f.yaml:2: rule 'x': 'window': '30 minutes' is not a duration: write e.g. 30s, 5m,"
                + " 1h30m, 1d (units ms s m h d w)");
    assertThat(
            RuleFile.parse(
                    "f.yaml",
                    "name: x\nseries: [{metric: m, aggregate: P99}]\ncondition: \"{0} > 0\"\n")
                .errors())
        .containsExactly(
            "f.yaml:2: rule 'x': 'P99' is not an aggregation: one of [MAX, MIN, AVG, SUM, LAST,"
                + " COUNT, RATE, INCREASE]");
    assertThat(RuleFile.parse("f.yaml", "name: [x\n").errors().get(0))
        .startsWith("f.yaml:")
        .contains("not valid YAML");
  }

  @Test
  void labelsAnnotationsAndHysteresis() {
    Rule rule =
        RuleFile.parse(
                "f.yaml",
                """
                name: lag_hysteresis
                every: 1m
                group-by: [topic]
                series: [{name: lag, metric: records-lag-max}]
                condition: "{lag} > 1000"
                resolve-condition: "{lag} < 100"
                for: 2m
                keep-firing-for: 5m
                labels: {team: data}
                annotations: {summary: "lag {{ $value }} on {{ $labels.topic }}"}
                """)
            .rules()
            .get(0);
    assertThat(rule.resolveCondition().holds(new double[] {50})).isTrue();
    assertThat(rule.pendingFor()).isEqualTo(Duration.ofMinutes(2));
    assertThat(rule.keepFiringFor()).isEqualTo(Duration.ofMinutes(5));
    assertThat(rule.labels()).containsEntry("team", "data");
    assertThat(rule.groupBy()).isEqualTo(List.of("topic"));
  }
}
