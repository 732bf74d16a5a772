package io.streamkit.latency.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.latency.Stage;
import io.streamkit.testkit.CapturedMetrics;
import io.streamkit.testkit.Kafka;
import io.streamkit.testkit.LatencySketches;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Known delays through a real Kafka and a Flink job: a producer stamps origin times, the job sleeps
 * {@link #DELAY_MS} per record, and the measured stages must show that delay, every record timed
 * exactly once (sample rate 1).
 */
class LatencyTrackingITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();

  private static final long DELAY_MS = 40;
  private static final int RECORDS = 100;
  // Produced slower than the job consumes, so no record queues behind another.
  private static final long GAP_MS = 100;
  private static final LatencySettings EVERY_RECORD =
      LatencySettings.defaults().withSampleRate(1).withInterval(Duration.ofSeconds(1));

  private final LatencySketches sketches = new LatencySketches();
  private String in;
  private String out;

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
  void anExactlyOnceKafkaToKafkaJobShowsTheInjectedDelayAndTheCommitDelay() throws Exception {
    Sink<String> sink =
        LatencyTracking.sink(
            kafkaSink(DeliveryGuarantee.EXACTLY_ONCE), "dw.out", null, EVERY_RECORD);
    run(sink, null, /* originBeforeAppendMs */ 0, /* futureRecords */ 0);

    Histogram source = sketches.merged(Stage.KAFKA_TO_SOURCE.id());
    Histogram write = sketches.merged(Stage.ORIGIN_TO_SINK_WRITE.id());
    Histogram commit = sketches.merged(Stage.SINK_WRITE_TO_COMMIT.id());
    Histogram endToEnd = sketches.merged(Stage.END_TO_END.id());
    assertThat(source.getTotalCount()).isEqualTo(RECORDS);
    assertThat(write.getTotalCount()).isEqualTo(RECORDS);
    assertThat(commit.getTotalCount()).isEqualTo(RECORDS);
    assertThat(endToEnd.getTotalCount()).isEqualTo(RECORDS);

    assertThat(source.getValueAtPercentile(50)).isLessThan(50);
    // Every record slept DELAY_MS between source and sink.
    assertThat(write.getMinValue()).isGreaterThanOrEqualTo(DELAY_MS);
    assertThat(write.getValueAtPercentile(50)).isBetween(DELAY_MS, DELAY_MS + 50);
    // Exactly-once: a record becomes visible at the checkpoint after its write (every 500 ms).
    assertThat(commit.getValueAtPercentile(50)).isBetween(1L, 1_500L);
    assertThat(endToEnd.getValueAtPercentile(50))
        .isGreaterThan(write.getValueAtPercentile(50))
        .isBetween(DELAY_MS, DELAY_MS + 2_000);
    assertThat(KAFKA.consumeAll(out)).hasSizeGreaterThanOrEqualTo(RECORDS);
  }

  @Test
  void anOriginFieldTimesTheHopIntoKafkaAndAnAtLeastOnceSinkIsVisibleAtItsWrite() throws Exception {
    LatencyOrigin<String> origin = Long::parseLong;
    Sink<String> sink =
        LatencyTracking.sink(
            kafkaSink(DeliveryGuarantee.AT_LEAST_ONCE), "dw.out", origin, EVERY_RECORD);
    run(sink, origin, /* originBeforeAppendMs */ 500, /* futureRecords */ 0);

    Histogram intoKafka = sketches.merged(Stage.ORIGIN_TO_KAFKA.id());
    Histogram write = sketches.merged(Stage.ORIGIN_TO_SINK_WRITE.id());
    Histogram endToEnd = sketches.merged(Stage.END_TO_END.id());
    assertThat(intoKafka.getTotalCount()).isEqualTo(RECORDS);
    assertThat(intoKafka.getValueAtPercentile(50)).isBetween(500L, 520L);
    assertThat(write.getValueAtPercentile(50)).isBetween(500 + DELAY_MS, 500 + DELAY_MS + 60);
    assertThat(endToEnd.getTotalCount()).isEqualTo(RECORDS);
    assertThat(endToEnd.getValueAtPercentile(50)).isEqualTo(write.getValueAtPercentile(50));
    assertThat(sketches.merged(Stage.SINK_WRITE_TO_COMMIT.id()).getTotalCount()).isZero();
  }

  @Test
  void originsInTheFutureAreCountedAsSkewAndNeverAveragedIn() throws Exception {
    Sink<String> sink =
        LatencyTracking.sink(new DiscardingSink<>(), "dw.discarded", null, EVERY_RECORD);
    run(sink, null, 0, /* futureRecords */ 10);

    Histogram source = sketches.merged(Stage.KAFKA_TO_SOURCE.id());
    assertThat(source.getTotalCount()).as("%s", sketches).isEqualTo(RECORDS);
    assertThat(sketches.skewed(Stage.KAFKA_TO_SOURCE.id())).isEqualTo(10);
    assertThat(sketches.skewed(Stage.ORIGIN_TO_SINK_WRITE.id())).isEqualTo(10);
    assertThat(CapturedMetrics.value(".table.ods_in.stage.kafka_to_source.latencySkewed"))
        .isEqualTo(10);
    // Clamped to 0, not a minute of negative latency pulling the distribution down.
    assertThat(source.getMinValue()).isZero();
    assertThat(source.getValueAtPercentile(50)).isLessThan(50);
    assertThat(sketches.merged(Stage.END_TO_END.id()).getTotalCount()).isEqualTo(RECORDS);
  }

  private KafkaSink<String> kafkaSink(DeliveryGuarantee guarantee) {
    return KafkaSink.<String>builder()
        .setBootstrapServers(KAFKA.bootstrapServers())
        .setDeliveryGuarantee(guarantee)
        .setTransactionalIdPrefix("latency-" + out)
        .setProperty("transaction.timeout.ms", "60000")
        .setRecordSerializer(
            KafkaRecordSerializationSchema.builder()
                .setTopic(out)
                .setValueSerializationSchema(new SimpleStringSchema())
                .build())
        .build();
  }

  /**
   * Runs source (tracked as {@code ods.in}) -> sleep -> {@code sink} while producing {@link
   * #RECORDS} records, and collects the sketches until every record reached the end.
   */
  private void run(
      Sink<String> sink, LatencyOrigin<String> origin, long originBeforeAppendMs, int future)
      throws Exception {
    KafkaSource<String> kafka =
        KafkaSource.<String>builder()
            .setBootstrapServers(KAFKA.bootstrapServers())
            .setTopics(in)
            .setGroupId("latency-it")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setValueOnlyDeserializer(new SimpleStringSchema())
            .build();
    Configuration conf = CapturedMetrics.addTo(new Configuration());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.enableCheckpointing(500);
    env.fromSource(
            LatencyTracking.source(kafka, "ods.in", origin, EVERY_RECORD),
            WatermarkStrategy.noWatermarks(),
            "events")
        .map(
            v -> {
              Thread.sleep(DELAY_MS);
              return v;
            })
        .returns(Types.STRING)
        .sinkTo(sink);
    JobClient job = env.executeAsync("latency-it");
    try {
      Properties props = KAFKA.clientProperties();
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < RECORDS; i++) {
          long now = System.currentTimeMillis();
          long timestamp = i < future ? now + 60_000 : now;
          producer
              .send(
                  new ProducerRecord<>(
                      in, 0, timestamp, null, String.valueOf(now - originBeforeAppendMs)))
              .get();
          sketches.poll();
          Thread.sleep(GAP_MS);
        }
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (sketches.merged(Stage.END_TO_END.id()).getTotalCount() < RECORDS) {
        assertThat(System.nanoTime())
            .as(
                "every record timed to its end; sketches: %s; all latency metrics: %s",
                sketches,
                CapturedMetrics.endingWith("").keySet().stream()
                    .filter(k -> k.contains("atency") || k.contains("numRecordsIn"))
                    .toList())
            .isLessThan(deadline);
        Thread.sleep(100);
        sketches.poll();
      }
      // One more window, so that a record timed twice would show.
      Thread.sleep(1_100);
      sketches.poll();
    } finally {
      job.cancel().get();
    }
  }
}
