package io.streamkit.submitter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.CapturedMetrics;
import io.streamkit.testkit.Kafka;
import io.streamkit.testkit.LatencySketches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sql run} with {@code streamkit.latency.enabled}: an unchanged Kafka -> Kafka SQL job gets
 * its source and sink timed per record, named by their catalog tables, and the stages show a known
 * delay (a UDF sleeps {@link #DELAY_MS} per row; the producer stamps an origin column 500 ms before
 * the append).
 */
class SqlRunLatencyITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();

  private static final int RECORDS = 100;
  private static final long DELAY_MS = 40;
  private static final long ORIGIN_BEFORE_APPEND_MS = 500;

  @TempDir Path tmp;
  private String in;
  private String out;

  /** Sleeps per row: the processing delay the stages must show. */
  public static class Delay extends ScalarFunction {
    public String eval(String value, Integer millis) throws InterruptedException {
      Thread.sleep(millis);
      return value;
    }
  }

  @BeforeEach
  void topics() {
    CapturedMetrics.clear();
    String id = UUID.randomUUID().toString().substring(0, 8);
    in = "in-" + id;
    out = "out-" + id;
    KAFKA.createTopic(in, 1);
    KAFKA.createTopic(out, 1);
  }

  @Test
  void anUnchangedSqlJobIsTimedAtItsTablesWithTheInjectedDelay() throws Exception {
    // One record more than the timed ones ends the bounded source; it is stamped like the others.
    Path script = script("field:origin", RECORDS + 1);
    CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> run(script));
    LatencySketches sketches = new LatencySketches();
    produceWhileTheJobRuns(run, sketches);

    CliRun done = run.get();
    assertThat(done.exitCode()).as(done.toString()).isZero();
    assertThat(done.err())
        .contains("Latency tracked: source streamkit.lat.ods_in (origin field:origin)")
        .contains("Latency tracked: sink streamkit.lat.dw_out (origin field:origin)");
    Histogram intoKafka = sketches.merged("streamkit.lat.ods_in", "origin_to_kafka");
    Histogram write = sketches.merged("streamkit.lat.dw_out", "origin_to_sink_write");
    Histogram endToEnd = sketches.merged("streamkit.lat.dw_out", "end_to_end");
    assertThat(intoKafka.getTotalCount())
        .as("%s", sketches)
        .isBetween((long) RECORDS, RECORDS + 1L);
    assertThat(intoKafka.getValueAtPercentile(50))
        .isBetween(ORIGIN_BEFORE_APPEND_MS, ORIGIN_BEFORE_APPEND_MS + 20);
    assertThat(write.getTotalCount()).as("%s", sketches).isBetween((long) RECORDS, RECORDS + 1L);
    assertThat(write.getValueAtPercentile(50))
        .isBetween(ORIGIN_BEFORE_APPEND_MS + DELAY_MS, ORIGIN_BEFORE_APPEND_MS + DELAY_MS + 60);
    // An at-least-once Kafka sink makes a record visible at its write.
    assertThat(endToEnd.getValueAtPercentile(50)).isEqualTo(write.getValueAtPercentile(50));
    assertThat(KAFKA.consumeValues(out)).hasSize(RECORDS + 1);
  }

  @Test
  void aHeaderOriginIsReadFromTheHeadersColumnAndTheHeaderTravelsToTheSinkTopic() throws Exception {
    Path script = script("header:origin", RECORDS + 1, true);
    CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> run(script));
    LatencySketches sketches = new LatencySketches();
    produceWhileTheJobRuns(run, sketches);

    CliRun done = run.get();
    assertThat(done.exitCode()).as(done.toString()).isZero();
    assertThat(done.err())
        .contains("Latency tracked: source streamkit.lat.ods_in (origin header:origin)")
        .contains("Latency tracked: sink streamkit.lat.dw_out (origin header:origin)");
    Histogram intoKafka = sketches.merged("streamkit.lat.ods_in", "origin_to_kafka");
    Histogram endToEnd = sketches.merged("streamkit.lat.dw_out", "end_to_end");
    assertThat(intoKafka.getTotalCount())
        .as("%s", sketches)
        .isBetween((long) RECORDS, RECORDS + 1L);
    assertThat(intoKafka.getValueAtPercentile(50))
        .isBetween(ORIGIN_BEFORE_APPEND_MS, ORIGIN_BEFORE_APPEND_MS + 20);
    assertThat(endToEnd.getTotalCount()).as("%s", sketches).isBetween((long) RECORDS, RECORDS + 1L);
    assertThat(endToEnd.getValueAtPercentile(50))
        .isBetween(ORIGIN_BEFORE_APPEND_MS + DELAY_MS, ORIGIN_BEFORE_APPEND_MS + DELAY_MS + 60);
    // The next job of a chain finds the same origin in the sink topic's records.
    List<ConsumerRecord<String, String>> written = KAFKA.consumeAll(out);
    assertThat(written).hasSize(RECORDS + 1);
    for (ConsumerRecord<String, String> r : written) {
      long origin = Long.parseLong(new String(r.headers().lastHeader("origin").value(), UTF_8));
      assertThat(r.timestamp() - origin).isGreaterThanOrEqualTo(ORIGIN_BEFORE_APPEND_MS);
    }
  }

  @Test
  void aHeaderOriginOnATableWithoutHeadersFailsValidationNamingTheFix() throws Exception {
    Path script = script("header:origin", 1);
    CliRun validate = CliRun.of("sql", "validate", "-D", catalogUrl(), script.toString());
    assertThat(validate.exitCode()).as(validate.toString()).isNotZero();
    assertThat(validate.err())
        .containsPattern(
            "'streamkit.latency.origin' = 'header:origin', but streamkit.lat.(ods_in|dw_out) has"
                + " no Kafka headers column")
        .contains("`headers MAP<STRING, BYTES> METADATA`");
  }

  @Test
  void anOriginColumnTheTableDoesNotHaveFailsValidationAndTheRunNamingTheKeyAndTheColumns()
      throws Exception {
    Path script = script("field:created_at", 1);
    CliRun validate = CliRun.of("sql", "validate", "-D", catalogUrl(), script.toString());
    CliRun run = run(script);

    for (CliRun r : new CliRun[] {validate, run}) {
      assertThat(r.exitCode()).as(r.toString()).isNotZero();
      assertThat(r.err())
          .contains("'streamkit.latency.origin' names column 'created_at'")
          .contains("columns: origin, v");
    }
    assertThat(run.out()).doesNotContain("Job ID");
  }

  private CliRun run(Path script) {
    return CliRun.of(
        "sql",
        "run",
        "-D",
        catalogUrl(),
        "-D",
        "parallelism.default=1",
        "-D",
        "metrics.reporter.captured.factory.class=" + CapturedMetrics.Factory.class.getName(),
        script.toString());
  }

  private String catalogUrl() {
    return "streamkit.catalog.url=jdbc:h2:file:" + tmp.resolve("catalog").toAbsolutePath();
  }

  private Path script(String origin, int records) throws Exception {
    return script(origin, records, false);
  }

  /** With {@code headers}, both tables declare the Kafka headers column and the job copies it. */
  private Path script(String origin, int records, boolean headers) throws Exception {
    String headersColumn = headers ? ", hdrs MAP<STRING, BYTES> METADATA FROM 'headers'" : "";
    Path script = tmp.resolve("timed.sql");
    String kafka =
        "'connector' = 'kafka', 'properties.bootstrap.servers' = '"
            + KAFKA.bootstrapServers()
            + "', 'format' = 'json'";
    Files.writeString(
        script,
        String.join(
            "\n",
            "SET 'streamkit.latency.enabled' = 'true';",
            "SET 'streamkit.latency.sample-rate' = '1';",
            "SET 'streamkit.latency.interval' = '1 s';",
            "SET 'streamkit.latency.origin' = '" + origin + "';",
            "SET 'execution.checkpointing.interval' = '500 ms';",
            "CREATE TEMPORARY FUNCTION delay_ms AS '" + Delay.class.getName() + "';",
            "CREATE DATABASE IF NOT EXISTS lat;",
            "CREATE TABLE lat.ods_in (origin BIGINT, v STRING" + headersColumn + ") WITH (",
            kafka + ",",
            "  'topic' = '" + in + "', 'properties.group.id' = 'lat',",
            "  'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'specific-offsets',",
            "  'scan.bounded.specific-offsets' = 'partition:0,offset:" + records + "');",
            "CREATE TABLE lat.dw_out (origin BIGINT, v STRING" + headersColumn + ") WITH (",
            kafka + ", 'topic' = '" + out + "');",
            "INSERT INTO lat.dw_out SELECT origin, delay_ms(v, "
                + DELAY_MS
                + ")"
                + (headers ? ", hdrs" : "")
                + " FROM lat.ods_in;",
            ""));
    return script;
  }

  /** Produces the records slower than the job consumes them, polling the sketches meanwhile. */
  private void produceWhileTheJobRuns(CompletableFuture<CliRun> run, LatencySketches sketches)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (CapturedMetrics.endingWith(".latencySketch").isEmpty()) {
      assertThat(run).as("the job started").isNotDone();
      assertThat(System.nanoTime()).as("the job started within 90 s").isLessThan(deadline);
      Thread.sleep(50);
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            KAFKA.clientProperties(), new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i <= RECORDS; i++) {
        if (i == RECORDS) {
          Thread.sleep(1_200); // the timed records' windows complete before the job ends
          sketches.poll();
        }
        long now = System.currentTimeMillis();
        String json = "{\"origin\":" + (now - ORIGIN_BEFORE_APPEND_MS) + ",\"v\":\"r" + i + "\"}";
        ProducerRecord<String, String> record = new ProducerRecord<>(in, 0, now, null, json);
        record
            .headers()
            .add("origin", Long.toString(now - ORIGIN_BEFORE_APPEND_MS).getBytes(UTF_8));
        producer.send(record).get();
        sketches.poll();
        Thread.sleep(100);
      }
    }
    while (!run.isDone()) {
      sketches.poll();
      Thread.sleep(100);
    }
    sketches.poll(); // the final readings of the tasks' last windows, taken as they closed
  }
}
