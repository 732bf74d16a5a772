package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.FlinkCluster;
import io.streamkit.testkit.Kafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamkit alert ...} as a user runs it: rule files validated with file:line, a recorded
 * metric sample replayed against expected transitions, and rules applied to the catalog database
 * and the rules topic, listed and deleted.
 */
class AlertCliITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();

  /**
   * Parent-first: this cluster shares the test's JVM and class path, where Kafka's classes are
   * already loaded; child-first loading of the jars the CLI sends would clash with them (a real
   * cluster's lib/ has no Kafka client).
   */
  @RegisterExtension
  static final FlinkCluster FLINK =
      new FlinkCluster().with("classloader.resolve-order", "parent-first");

  private static final String RULES =
      """
      name: lag
      every: 1m
      window: 1m
      repeat-interval: 0s
      series: [{metric: records-lag-max, filter: {topic: "sdk_*"}, aggregate: MAX}]
      condition: "{0} > 1000"
      ---
      name: restarts
      every: 30s
      series: [{metric: numRestarts, aggregate: LAST}]
      condition: "{0} > 3"
      """;

  private static final String BROKEN =
      """
      name: broken
      series: [{metric: numRestarts}]
      condition: "{0} >> 3"
      """;

  @TempDir Path dir;

  @Test
  void validateNamesTheFileAndLineOfEachRefusedRule() throws Exception {
    Path good = Files.writeString(dir.resolve("good.yaml"), RULES);
    Path bad = Files.writeString(dir.resolve("bad.yaml"), RULES + "---\n" + BROKEN);

    CliRun ok = CliRun.of("alert", "validate", good.toString());
    assertThat(ok.exitCode()).as(ok.toString()).isZero();
    assertThat(ok.out()).contains(good + ": 2 valid rule(s)");

    CliRun refused = CliRun.of("alert", "validate", bad.toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.out()).contains(bad + ": 2 valid rule(s), 1 refused");
    assertThat(refused.err()).contains(bad + ":15: rule 'broken': 'condition':");
  }

  @Test
  void testReplaysARecordedSampleAgainstTheExpectedTransitions() throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), RULES);
    long t0 = Instant.parse("2026-12-06T10:00:00Z").toEpochMilli();
    List<String> sample = new ArrayList<>();
    for (long t = 0; t <= 12 * 60_000; t += 10_000) {
      double lag = t >= 5 * 60_000 && t < 7 * 60_000 ? 5_000 : 10;
      sample.add(
          "{\"schema\":1,\"id\":\"e"
              + t
              + "\",\"timestamp\":"
              + (t0 + t)
              + ",\"name\":\"records-lag-max\",\"scope\":\"s\",\"tags\":{\"topic\":\"sdk_log\"},"
              + "\"type\":\"gauge\",\"value\":"
              + lag
              + "}");
    }
    sample.add("not a metric event");
    Path metrics = Files.write(dir.resolve("recorded.jsonl"), sample);
    Path expected =
        Files.writeString(
            dir.resolve("expected.yaml"),
            """
            - {at: "2026-12-06T10:05:00Z", rule: lag, status: FIRING, value: 5000}
            - {at: "2026-12-06T10:08:00Z", rule: lag, status: RESOLVED}
            """);

    CliRun run =
        CliRun.of(
            "alert",
            "test",
            rules.toString(),
            "--metrics",
            metrics.toString(),
            "--expect",
            expected.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains(
            "2026-12-06T10:05:00Z lag {} FIRING 5000\n2026-12-06T10:08:00Z lag {} RESOLVED 10")
        .contains("As expected: 2 transition(s).");
    assertThat(run.err()).contains("1 line(s) are not metric events");

    Path wrong =
        Files.writeString(
            dir.resolve("wrong.yaml"),
            "- {at: \"2026-12-06T10:06:00Z\", rule: lag, status: FIRING}\n");
    CliRun differs =
        CliRun.of(
            "alert",
            "test",
            rules.toString(),
            "--metrics",
            metrics.toString(),
            "--expect",
            wrong.toString());
    assertThat(differs.exitCode()).isEqualTo(1);
    assertThat(differs.out()).contains("NOT as expected: 2 difference(s).");
    assertThat(differs.err())
        .contains(
            "transition 1: expected 2026-12-06T10:06:00Z lag {} FIRING, got 2026-12-06T10:05:00Z"
                + " lag {} FIRING");
  }

  @Test
  void applyStoresAndPublishesListShowsAndDeleteRemovesEverywhere() throws Exception {
    Path file = Files.writeString(dir.resolve("rules.yaml"), RULES + "---\n" + BROKEN);
    String[] session = {
      "-D", "streamkit.catalog.url=jdbc:h2:file:" + dir.resolve("catalog").toAbsolutePath(),
      "-D", "streamkit.alerting.bootstrap-servers=" + KAFKA.bootstrapServers(),
      "-D", "streamkit.alerting.rules-topic=rules-cli"
    };

    CliRun apply =
        CliRun.of(CliRun.args(List.of("alert", "apply"), concat(session, file.toString())));
    assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1); // one refused
    assertThat(apply.err()).contains("rule 'broken'");
    assertThat(apply.out())
        .as(apply.toString())
        .contains("applied lag")
        .contains("applied restarts")
        .contains("2 rule(s) applied to topic rules-cli, 1 refused");

    CliRun list = CliRun.of(CliRun.args(List.of("alert", "list"), session));
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out())
        .contains("lag")
        .contains("restarts")
        .contains("{0} > 1000")
        .doesNotContain("broken");

    CliRun delete = CliRun.of(CliRun.args(List.of("alert", "delete"), concat(session, "restarts")));
    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    CliRun unknown =
        CliRun.of(CliRun.args(List.of("alert", "delete"), concat(session, "restarts")));
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("No alert rule named 'restarts'");
    assertThat(CliRun.of(CliRun.args(List.of("alert", "list"), session)).out())
        .doesNotContain("restarts");

    // The running job's view: both rules, then a tombstone for the deleted one.
    List<ConsumerRecord<String, String>> topic = KAFKA.consumeAll("rules-cli");
    assertThat(topic)
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("lag", "restarts", "restarts");
    assertThat(topic.get(topic.size() - 1).value()).isNull();
    assertThat(topic.get(0).value()).contains("\"name\":");
  }

  @Test
  void applyRefusesARuleDefinedInTwoFiles() throws Exception {
    Path first = Files.writeString(dir.resolve("first.yaml"), RULES);
    Path second =
        Files.writeString(dir.resolve("second.yaml"), RULES.substring(0, RULES.indexOf("---")));
    String[] session = {
      "-D", "streamkit.catalog.url=jdbc:h2:file:" + dir.resolve("catalog").toAbsolutePath(),
      "-D", "streamkit.alerting.bootstrap-servers=" + KAFKA.bootstrapServers(),
      "-D", "streamkit.alerting.rules-topic=rules-twice"
    };
    CliRun apply =
        CliRun.of(
            CliRun.args(
                List.of("alert", "apply"), concat(session, first.toString(), second.toString())));
    assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
    assertThat(apply.err())
        .contains(second + ":1: rule 'lag' is defined twice (first at " + first + ":1)");
    assertThat(apply.out()).contains("2 rule(s) applied to topic rules-twice, 1 refused");
  }

  @Test
  void sqlRunAddsTheDefaultRulesOfEachJobItSubmits() throws Exception {
    Path script =
        Files.writeString(
            dir.resolve("small.sql"),
            """
            SET 'pipeline.name' = 'orders-etl';
            CREATE TEMPORARY TABLE src (x INT) WITH ('connector' = 'datagen', 'number-of-rows' = '10');
            CREATE TEMPORARY TABLE snk (x INT) WITH ('connector' = 'blackhole');
            INSERT INTO snk SELECT x FROM src;
            """);
    String[] session = {
      "-D", "streamkit.catalog.url=jdbc:h2:file:" + dir.resolve("catalog").toAbsolutePath(),
      "-D", "streamkit.alerting.bootstrap-servers=" + KAFKA.bootstrapServers(),
      "-D", "streamkit.alerting.rules-topic=rules-auto"
    };
    CliRun run = CliRun.of(CliRun.args(List.of("sql", "run"), concat(session, script.toString())));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err())
        .contains(
            "Alert rules added: auto.orders-etl.restarts, auto.orders-etl.checkpoint-failures,"
                + " auto.orders-etl.backlog-growing");
    assertThat(KAFKA.consumeAll("rules-auto"))
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder(
            "auto.orders-etl.restarts",
            "auto.orders-etl.checkpoint-failures",
            "auto.orders-etl.backlog-growing");
    assertThat(CliRun.of(CliRun.args(List.of("alert", "list"), session)).out())
        .contains("auto.orders-etl.restarts")
        .contains("{0} >= 3");

    // Switched off: no rules.
    CliRun off =
        CliRun.of(
            CliRun.args(
                List.of("sql", "run", "-D", "streamkit.alerting.auto-rules=false"),
                concat(session, script.toString())));
    assertThat(off.exitCode()).as(off.toString()).isZero();
    assertThat(off.err()).doesNotContain("Alert rules added");
  }

  @Test
  void runWithTargetRemoteSubmitsTheAlertJobToTheClusterWhereItFires() throws Exception {
    Path rules =
        Files.writeString(
            dir.resolve("remote.yaml"),
            """
            name: remote_lag
            every: 1s
            window: 2s
            check: on-arrival
            series: [{metric: records-lag-max, aggregate: MAX}]
            condition: "{0} > 1000"
            notify: [kafka]
            """);
    String[] session = {
      "-D", "streamkit.catalog.url=jdbc:h2:file:" + dir.resolve("catalog").toAbsolutePath(),
      "-D", "streamkit.alerting.bootstrap-servers=" + KAFKA.bootstrapServers(),
      "-D", "streamkit.alerting.rules-topic=rules-remote",
      "-D", "streamkit.alerting.metrics-topic=metrics-remote",
      "-D", "streamkit.alerting.alerts-topic=alerts-remote",
      "-D", "streamkit.alerting.metrics-starting-offset=EARLIEST"
    };
    CliRun apply =
        CliRun.of(CliRun.args(List.of("alert", "apply"), concat(session, rules.toString())));
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    long now = System.currentTimeMillis();
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(
          "{\"schema\":1,\"id\":\"e"
              + i
              + "\",\"timestamp\":"
              + (now + i * 1_000L)
              + ",\"name\":\"records-lag-max\",\"scope\":\"x\",\"tags\":{\"topic\":\"t\"},"
              + "\"type\":\"gauge\",\"value\":"
              + (i < 2 ? 10 : 5_000)
              + "}");
    }
    KAFKA.produce("metrics-remote", events);

    CliRun run =
        CliRun.of(
            CliRun.args(
                List.of(
                    "alert",
                    "run",
                    "--target",
                    "remote",
                    "--rest",
                    FLINK.restHostPort(),
                    "--detached"),
                session));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err())
        .as("the job's code and libraries go with it")
        .contains("streamkit-cep-alerting", "flink-connector-kafka", "kafka-clients", "quartz");
    String jobId = run.out().lines().filter(l -> l.startsWith("Job ID: ")).findFirst().get();
    org.apache.flink.api.common.JobID id =
        org.apache.flink.api.common.JobID.fromHexString(jobId.substring("Job ID: ".length()));
    try {
      assertThat(FLINK.miniCluster().getExecutionGraph(id).get().getJobName())
          .isEqualTo("streamkit-alerts");
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
      List<String> alerts = List.of();
      while (alerts.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(200);
        alerts = KAFKA.consumeValues("alerts-remote");
      }
      assertThat(alerts)
          .as("the job on the cluster read the rule and the events and fired")
          .anySatisfy(a -> assertThat(a).contains("\"rule\":\"remote_lag\"", "firing"));
    } finally {
      FLINK.miniCluster().cancelJob(id).get();
    }

    CliRun noRest = CliRun.of(CliRun.args(List.of("alert", "run", "--target", "remote"), session));
    assertThat(noRest.exitCode()).isEqualTo(2);
    assertThat(noRest.err()).contains("--target remote needs --rest host:port");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
