package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamkit.testkit.CapturedMetrics;
import io.streamkit.testkit.Kafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two SQL jobs chained through Kafka, both tracked and reporting to a metric topic through the
 * streamkit reporter: {@code latency report} finds the chain in the lineage, reports the end to end
 * latency at its final table as the producer's origin stamps give it (500 ms before the append,
 * plus 40 ms of UDF delay in each job), against an SLA it breaches, in text, JSON and an HTML page
 * that headless Chromium lays out.
 */
class LatencyReportITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();

  private static final int RECORDS = 60;

  @TempDir Path tmp;

  @Test
  void theReportShowsTheChainsEndToEndLatencyAgainstItsTolerance() throws Exception {
    CapturedMetrics.clear();
    String id = UUID.randomUUID().toString().substring(0, 8);
    String events = "events-" + id;
    String clean = "clean-" + id;
    String metrics = "metrics-" + id;
    for (String t : List.of(events, clean, "final-" + id, metrics)) {
      KAFKA.createTopic(t, 1);
    }
    String k =
        "'connector' = 'kafka', 'properties.bootstrap.servers' = '"
            + KAFKA.bootstrapServers()
            + "', 'format' = 'json'";
    String bounded =
        "'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'specific-offsets',"
            + " 'scan.bounded.specific-offsets' = 'partition:0,offset:"
            + (RECORDS + 1)
            + "'";
    String common =
        String.join(
            "\n",
            "SET 'streamkit.latency.enabled' = 'true';",
            "SET 'streamkit.latency.sample-rate' = '1';",
            "SET 'streamkit.latency.interval' = '1 s';",
            "SET 'streamkit.latency.origin' = 'field:origin';",
            "SET 'execution.checkpointing.interval' = '500 ms';",
            "CREATE TEMPORARY FUNCTION delay_ms AS '"
                + SqlRunLatencyITCase.Delay.class.getName()
                + "';",
            "CREATE DATABASE IF NOT EXISTS ch;",
            "CREATE TABLE IF NOT EXISTS ch.events (origin BIGINT, v STRING) WITH ("
                + k
                + ", 'topic' = '"
                + events
                + "', 'properties.group.id' = 'a', "
                + bounded
                + ");",
            "CREATE TABLE IF NOT EXISTS ch.clean (origin BIGINT, v STRING) WITH ("
                + k
                + ", 'topic' = '"
                + clean
                + "', 'properties.group.id' = 'b', "
                + bounded
                + ");",
            "CREATE TABLE IF NOT EXISTS ch.final (origin BIGINT, v STRING) WITH ("
                + k
                + ", 'topic' = 'final-"
                + id
                + "');",
            "");
    Path first =
        script(
            "first.sql",
            common
                + "SET 'pipeline.name' = 'first';\nINSERT INTO ch.clean SELECT origin, delay_ms(v, 40) FROM ch.events;\n");
    Path second =
        script(
            "second.sql",
            common
                + "SET 'pipeline.name' = 'second';\nINSERT INTO ch.final SELECT origin, delay_ms(v, 40) FROM ch.clean;\n");
    // The tables exist before both jobs start at once.
    CliRun setup =
        CliRun.of("sql", "run", "-D", catalogUrl(), script("setup.sql", common).toString());
    assertThat(setup.exitCode()).as(setup.toString()).isZero();

    List<CompletableFuture<CliRun>> jobs = new ArrayList<>();
    for (Path script : List.of(first, second)) {
      jobs.add(CompletableFuture.supplyAsync(() -> CliRun.of(runArgs(script, metrics))));
    }
    // Both jobs up: each job's sink writer has registered its sketches.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!bothSinksTimed()) {
      assertThat(System.nanoTime()).as("both jobs started").isLessThan(deadline);
      Thread.sleep(100);
    }
    Thread.sleep(1_000);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            KAFKA.clientProperties(), new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i <= RECORDS; i++) {
        if (i == RECORDS) {
          Thread.sleep(2_500); // the timed windows complete and are reported before the end
        }
        long now = System.currentTimeMillis();
        producer
            .send(
                new ProducerRecord<>(
                    events, 0, now, null, "{\"origin\":" + (now - 500) + ",\"v\":\"r" + i + "\"}"))
            .get();
        Thread.sleep(100);
      }
    }
    for (CompletableFuture<CliRun> job : jobs) {
      CliRun run = job.get(120, TimeUnit.SECONDS);
      assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    Path sla = tmp.resolve("sla.yaml");
    Files.writeString(sla, "slas:\n  - table: ch.final\n    tolerance: 550 ms\n");
    CliRun text = report(metrics, sla, "text");
    assertThat(text.exitCode()).as("a breached SLA exits 1: %s", text).isEqualTo(1);
    assertThat(text.out())
        .contains(
            "streamkit.ch.events -[first]-> streamkit.ch.clean -[second]-> streamkit.ch.final")
        .contains("tolerance 550 ms")
        .contains("slowest hop: job first")
        .contains("breaches (windows with p99 over tolerance)");

    JsonNode json = new ObjectMapper().readTree(report(metrics, sla, "json").out());
    JsonNode chain = json.get("chains").get(0);
    assertThat(json.get("schema").asInt()).isEqualTo(1);
    assertThat(chain.get("count").asLong()).isBetween((long) RECORDS - 5, RECORDS + 1L);
    // origin 500 ms before the append + 40 ms in each job + two Kafka hops
    assertThat(chain.get("p50").asLong()).isBetween(580L, 700L);
    assertThat(chain.get("overTolerance").asDouble()).isGreaterThan(0.9);

    Path page = tmp.resolve("report.html");
    CliRun html = CliRun.of(reportArgs(metrics, sla, "html", "--out", page.toString()));
    assertThat(html.out()).contains("Wrote " + page);
    Process chromium =
        new ProcessBuilder(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--dump-dom",
                page.toUri().toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String dom = new String(chromium.getInputStream().readAllBytes());
    assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(dom).contains("data-charts-drawn=\"1\"").contains("class=\"tolerance\"");

    Path wrongSla = tmp.resolve("wrong.yaml");
    Files.writeString(wrongSla, "slas:\n  - table: ch.nowhere\n    tolerance: 1 s\n");
    CliRun wrong = report(metrics, wrongSla, "text");
    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.err()).contains("names table 'ch.nowhere'").contains("streamkit.ch.final");
  }

  private static boolean bothSinksTimed() {
    var sketches = CapturedMetrics.endingWith("stage.end_to_end.latencySketch").keySet();
    return sketches.stream().anyMatch(m -> m.contains("ch_final"))
        && sketches.stream().anyMatch(m -> m.contains("ch_clean"));
  }

  private CliRun report(String metrics, Path sla, String format) {
    return CliRun.of(reportArgs(metrics, sla, format));
  }

  private String[] reportArgs(String metrics, Path sla, String format, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "latency",
                "report",
                "-D",
                catalogUrl(),
                "--bootstrap",
                KAFKA.bootstrapServers(),
                "--topic",
                metrics,
                "--since",
                "10 min",
                "--sla",
                sla.toString(),
                "--format",
                format));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private String[] runArgs(Path script, String metrics) {
    return new String[] {
      "sql",
      "run",
      "-D",
      catalogUrl(),
      "-D",
      "parallelism.default=1",
      "-D",
      "metrics.reporter.kafka.factory.class=io.streamkit.metrics.kafka.KafkaReporterFactory",
      "-D",
      "metrics.reporter.kafka.bootstrap.servers=" + KAFKA.bootstrapServers(),
      "-D",
      "metrics.reporter.kafka.topic=" + metrics,
      "-D",
      "metrics.reporter.kafka.interval=500 ms",
      "-D",
      "metrics.reporter.captured.factory.class=" + CapturedMetrics.Factory.class.getName(),
      script.toString()
    };
  }

  private String catalogUrl() {
    return "streamkit.catalog.url=jdbc:h2:file:"
        + tmp.resolve("catalog").toAbsolutePath()
        + ";AUTO_SERVER=TRUE";
  }

  private Path script(String name, String text) throws Exception {
    Path file = tmp.resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
