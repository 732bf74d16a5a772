package io.streamkit.latency.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamkit.latency.Stage;
import io.streamkit.testkit.CapturedMetrics;
import io.streamkit.testkit.Kafka;
import io.streamkit.testkit.LatencySketches;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker stops mid-run and comes back: a tracked Kafka -> Kafka job keeps running (no restart
 * allowed), the latency of the records held up shows the outage, the windows after it are back to
 * normal, and every record is timed exactly once end to end.
 */
class LatencyTrackingFaultITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();

  private static final long GAP_MS = 50;
  // Input goes on this long after the broker is back, for windows that show the recovery.
  private static final long AFTER_RESTART_MS = 5_000;
  private static final long OUTAGE_AT_MS = 3_000;
  private static final long OUTAGE_MS = 4_000;
  private static final LatencySettings EVERY_RECORD =
      LatencySettings.defaults().withSampleRate(1).withInterval(Duration.ofSeconds(1));

  private final LatencySketches sketches = new LatencySketches();

  @Test
  void aBrokerOutageShowsInTheLatencyAndTrackingRecoversWithEveryRecordTimedOnce()
      throws Exception {
    CapturedMetrics.clear();
    KAFKA.createTopic("fault-in", 1);
    KAFKA.createTopic("fault-out", 1);
    LatencyOrigin<String> origin = Long::parseLong;

    Configuration conf = CapturedMetrics.addTo(new Configuration());
    conf.setString("restart-strategy.type", "none"); // a failure must show, not be hidden
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.enableCheckpointing(500);
    env.fromSource(
            LatencyTracking.source(source(), "ods.in", origin, EVERY_RECORD),
            WatermarkStrategy.noWatermarks(),
            "events")
        .sinkTo(LatencyTracking.sink(sink(), "dw.out", origin, EVERY_RECORD));
    JobClient job = env.executeAsync("latency-fault");

    AtomicLong restartedAt = new AtomicLong();
    int records;
    AtomicReference<Throwable> outageFailure = new AtomicReference<>();
    try {
      while (job.getJobStatus().get() != JobStatus.RUNNING) {
        Thread.sleep(50);
      }
      Properties props = KAFKA.clientProperties();
      props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
      props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
      Thread outage = new Thread(() -> outage(restartedAt, outageFailure), "broker-outage");
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
        long start = System.currentTimeMillis();
        for (int i = 0; ; i++) {
          if (outageFailure.get() != null) {
            throw new AssertionError("the outage failed", outageFailure.get());
          }
          long restarted = restartedAt.get();
          if (restarted > 0 && System.currentTimeMillis() > restarted + AFTER_RESTART_MS) {
            records = i;
            break;
          }
          if (i == OUTAGE_AT_MS / GAP_MS) {
            outage.start();
          }
          // The origin: when the event happened, before the producer knows of any outage.
          producer.send(new ProducerRecord<>("fault-in", String.valueOf(start + i * GAP_MS)));
          sketches.poll();
          long next = start + (i + 1) * GAP_MS;
          Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
        }
        producer.flush();
      }
      outage.join();
      assertThat(outageFailure.get()).isNull();
      assertThat(restartedAt.get()).as("the broker was stopped and restarted").isPositive();

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (sketches.merged("dw.out", Stage.END_TO_END.id()).getTotalCount() < records) {
        assertThat(System.nanoTime()).as("every record timed; %s", sketches).isLessThan(deadline);
        Thread.sleep(100);
        sketches.poll();
      }
      Thread.sleep(1_100); // one more window: a record timed twice would show
      sketches.poll();
      assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    } finally {
      job.cancel().get();
    }

    Histogram endToEnd = sketches.merged("dw.out", Stage.END_TO_END.id());
    assertThat(endToEnd.getTotalCount()).isEqualTo(records);
    assertThat(sketches.skewed(Stage.END_TO_END.id())).isZero();
    // The first record held up waited for the whole outage.
    assertThat(endToEnd.getMaxValue()).isGreaterThanOrEqualTo(OUTAGE_MS - 1_000);
    // From 2 s after the restart on, latency is back to a loopback's.
    SortedMap<Long, Histogram> windows = sketches.byWindow("dw.out", Stage.END_TO_END.id());
    Map<Long, Histogram> recovered = windows.tailMap(restartedAt.get() + 2_000);
    assertThat(recovered).as("windows after the restart: %s", windows.keySet()).isNotEmpty();
    recovered.forEach(
        (start, window) ->
            assertThat(window.getValueAtPercentile(99))
                .as("p99 of the window at %d, restart at %d", start, restartedAt.get())
                .isLessThan(1_000));

    Set<String> delivered = new HashSet<>(KAFKA.consumeValues("fault-out"));
    assertThat(delivered).hasSize(records); // at least once: duplicates allowed, no loss
  }

  /** Stops the broker, checks a client really finds it gone, and starts it again. */
  private static void outage(AtomicLong restartedAt, AtomicReference<Throwable> failure) {
    try {
      KAFKA.stopBroker();
      long stoppedAt = System.currentTimeMillis();
      Properties props = new Properties();
      props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
      props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "1000");
      props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "1000");
      try (Admin admin = Admin.create(props)) {
        assertThatThrownBy(() -> admin.listTopics().names().get(2, TimeUnit.SECONDS))
            .as("the broker is unreachable during the outage");
      }
      Thread.sleep(Math.max(0, stoppedAt + OUTAGE_MS - System.currentTimeMillis()));
      KAFKA.restartBroker();
      restartedAt.set(System.currentTimeMillis());
    } catch (Throwable e) {
      failure.set(e);
    }
  }

  private static KafkaSource<String> source() {
    return KafkaSource.<String>builder()
        .setBootstrapServers(KAFKA.bootstrapServers())
        .setTopics("fault-in")
        .setGroupId("latency-fault")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setValueOnlyDeserializer(new SimpleStringSchema())
        .build();
  }

  private static KafkaSink<String> sink() {
    return KafkaSink.<String>builder()
        .setBootstrapServers(KAFKA.bootstrapServers())
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(
            KafkaRecordSerializationSchema.builder()
                .setTopic("fault-out")
                .setValueSerializationSchema(new SimpleStringSchema())
                .build())
        .build();
  }
}
