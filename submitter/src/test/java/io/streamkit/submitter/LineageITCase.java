package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.Kafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two jobs chained through a Kafka topic, submitted by {@code sql run}: the catalog database
 * records each job's sources and sinks, the second job's own table over the topic (its brokers
 * spelled differently) is the same dataset, and {@code lineage show} prints the chain.
 */
class LineageITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();

  @TempDir Path tmp;

  @Test
  void twoChainedJobsAreOneChainFromTheIngestTableToTheFinalSink() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String events = "events-" + id;
    String clean = "clean-" + id;
    KAFKA.createTopic(events, 1);
    KAFKA.createTopic(clean, 1);
    KAFKA.produce(events, List.of("{\"k\":\"a\",\"n\":1}", "{\"k\":\"b\",\"n\":2}"));
    String brokers = KAFKA.bootstrapServers();
    // The same brokers as another job would spell them: upper case, listed twice.
    String respelled = brokers.toUpperCase() + "," + brokers;

    Path first =
        script(
            "clean.sql",
            "SET 'pipeline.name' = 'clean-events';",
            "CREATE DATABASE IF NOT EXISTS ch;",
            "CREATE TABLE ch.events (k STRING, n INT) WITH (" + kafka(brokers, events) + ",",
            "  'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset');",
            "CREATE TABLE ch.clean (k STRING, n INT) WITH (" + kafka(brokers, clean) + ");",
            "INSERT INTO ch.clean SELECT k, n FROM ch.events WHERE n > 0;");
    Path second =
        script(
            "totals.sql",
            "SET 'pipeline.name' = 'totals';",
            "CREATE TEMPORARY TABLE clean_in (k STRING, n INT) WITH ("
                + kafka(respelled, clean)
                + ",",
            "  'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset');",
            "CREATE TABLE IF NOT EXISTS ch.totals (k STRING, n INT) WITH ('connector' ="
                + " 'filesystem', 'path' = '"
                + tmp.resolve("totals").toUri()
                + "', 'format' = 'json');",
            "INSERT INTO ch.totals SELECT k, n FROM clean_in;");

    for (Path script : List.of(first, second)) {
      CliRun run = CliRun.of("sql", "run", "-D", catalogUrl(), script.toString());
      assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    CliRun all = awaitLineage("-D", catalogUrl());
    assertThat(all.out().lines().toList())
        .containsExactly(
            "streamkit.ch.events -[clean-events]-> streamkit.ch.clean -[totals]->"
                + " streamkit.ch.totals");
    CliRun through = CliRun.of("lineage", "show", "-D", catalogUrl(), "ch.totals");
    assertThat(through.out()).isEqualTo(all.out());
    CliRun unknown = CliRun.of("lineage", "show", "-D", catalogUrl(), "ch.nothing");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("No recorded job reads or writes ch.nothing");
  }

  @Test
  void aSelectPrintedByTheCliIsRecordedToo() throws Exception {
    Path peek =
        script(
            "peek.sql",
            "SET 'pipeline.name' = 'peek';",
            "CREATE DATABASE IF NOT EXISTS pk;",
            "CREATE TABLE pk.src (n INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3');",
            "SELECT n FROM pk.src;");
    CliRun run = CliRun.of("sql", "run", "-D", catalogUrl(), peek.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("3 rows in set");
    // A SELECT's collect sink has no options; reading them failed the listener and lost the job.
    String[] show = {"lineage", "show", "-D", catalogUrl(), "pk.src"};
    long deadline = System.nanoTime() + 30_000_000_000L;
    CliRun shown = CliRun.of(show);
    while (shown.exitCode() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      shown = CliRun.of(show);
    }
    assertThat(shown.exitCode()).as(shown.toString()).isZero();
    assertThat(shown.out()).contains("streamkit.pk.src -[peek]->");
  }

  /** The lineage is written on a thread of its own right after submission. */
  private CliRun awaitLineage(String... args) throws InterruptedException {
    String[] all = CliRun.args(List.of("lineage", "show"), args);
    long deadline = System.nanoTime() + 30_000_000_000L;
    CliRun run = CliRun.of(all);
    while (!run.out().contains("totals") && System.nanoTime() < deadline) {
      Thread.sleep(200);
      run = CliRun.of(all);
    }
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return run;
  }

  private String catalogUrl() {
    return "streamkit.catalog.url=jdbc:h2:file:" + tmp.resolve("catalog").toAbsolutePath();
  }

  private static String kafka(String brokers, String topic) {
    return "'connector' = 'kafka', 'topic' = '"
        + topic
        + "', 'properties.bootstrap.servers' = '"
        + brokers
        + "', 'properties.group.id' = 'lineage', 'format' = 'json'";
  }

  private Path script(String name, String... lines) throws Exception {
    Path file = tmp.resolve(name);
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }
}
