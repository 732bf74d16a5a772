package io.streamkit.benchmarks;

import io.streamkit.latency.flink.LatencySettings;
import io.streamkit.latency.flink.LatencyTracking;
import io.streamkit.testkit.Kafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What latency tracking costs the job issue 12 names: Kafka -> map -> filter -> keyed 1 s
 * event-time window -> Kafka, with a real broker (KRaft, in this JVM like the MiniCluster), without
 * tracking, with ours at the default sample rate and at every record, and with Flink's own {@code
 * LatencyMarker} ({@code metrics.latency.interval} 100 ms, granularity {@code operator}). The input
 * topic is filled once; every job reads all of it (bounded) and writes its windows to a fresh
 * topic. Each variant warms up with one job, then all run interleaved; the rate is records/s read
 * in steady state (from the moment a fifth of the input had passed the first map to the last
 * record), min / median / max, and the ratio of medians against no tracking.
 *
 * <p>Run: {@code benchmarks/run LatencyKafkaBenchmark [records] [rounds]}
 */
public final class LatencyKafkaBenchmark {
  private static final String NONE = "no tracking";
  private static final String DEFAULT_RATE = "streamkit, default rate";
  private static final String EVERY = "streamkit, every record";
  private static final String MARKERS = "LatencyMarker 100 ms";
  private static final String INPUT = "bench-in";
  private static final int PARTITIONS = 2;

  public static void main(String[] args) throws Exception {
    long records = args.length > 0 ? Long.parseLong(args[0]) : 4_000_000L;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Kafka kafka = new Kafka();
    kafka.start();
    try {
      kafka.createTopic(INPUT, PARTITIONS);
      fill(kafka, records);
      Map<String, Rounds.Trial<Double>> trials = new LinkedHashMap<>();
      for (String variant : List.of(NONE, DEFAULT_RATE, EVERY, MARKERS)) {
        trials.put(variant, round -> job(kafka, variant, round, records));
      }
      Map<String, List<Double>> results = Rounds.interleaved(rounds, trials);
      System.out.printf(
          "%n%,d records per job from a %d-partition topic, parallelism 2, %d rounds,"
              + " interleaved, after one warm-up job each; min / median / max%n",
          records, PARTITIONS, rounds);
      results.forEach(
          (name, rs) ->
              System.out.printf(
                  "  %-24s steady records/s %s%n", name, Rounds.spread(rs, r -> r, "%,11.0f")));
      for (String variant : List.of(DEFAULT_RATE, EVERY, MARKERS)) {
        double ratio =
            Rounds.median(results.get(variant), r -> r) / Rounds.median(results.get(NONE), r -> r);
        System.out.printf(
            "latency-tracker kafka: %-24s / no tracking, steady records/s, ratio of medians = %s"
                + " (cost %.1f%%)%n",
            variant,
            Rounds.ratio(results.get(variant), results.get(NONE), r -> r),
            (1 - ratio) * 100);
      }
    } finally {
      kafka.close();
    }
  }

  /** The input: numbers whose Kafka timestamps advance 1 ms every 100 records (windows of 100k). */
  private static void fill(Kafka kafka, long records) throws Exception {
    Properties props = kafka.clientProperties();
    props.put("linger.ms", "20");
    props.put("batch.size", "262144");
    long base = System.currentTimeMillis() - records / 100;
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < records; i++) {
        producer.send(
            new ProducerRecord<>(
                INPUT,
                (int) (i % PARTITIONS),
                base + i / 100,
                null,
                Long.toString(i).getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
    System.out.printf(
        "Filled %s with %,d records in %.1f s%n",
        INPUT, records, (System.nanoTime() - start) / 1e9);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static double job(Kafka kafka, String variant, int round, long records) throws Exception {
    Configuration conf = new Configuration();
    if (variant.equals(MARKERS)) {
      conf.setString("metrics.latency.interval", "100 ms");
      conf.setString("metrics.latency.granularity", "operator");
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    String output = "bench-out-" + variant.replaceAll("[^a-z0-9]+", "-") + "-" + round;
    kafka.createTopic(output, PARTITIONS);
    Source<String, ?, ?> source =
        KafkaSource.<String>builder()
            .setBootstrapServers(kafka.bootstrapServers())
            .setTopics(INPUT)
            .setGroupId("bench-" + output)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setBounded(OffsetsInitializer.latest())
            .setValueOnlyDeserializer(new SimpleStringSchema())
            .build();
    Sink<String> sink =
        KafkaSink.<String>builder()
            .setBootstrapServers(kafka.bootstrapServers())
            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .setRecordSerializer(
                KafkaRecordSerializationSchema.builder()
                    .setTopic(output)
                    .setValueSerializationSchema(new SimpleStringSchema())
                    .build())
            .build();
    if (variant.equals(DEFAULT_RATE) || variant.equals(EVERY)) {
      LatencySettings settings =
          variant.equals(EVERY)
              ? LatencySettings.defaults().withSampleRate(1)
              : LatencySettings.defaults();
      // The origin is the record timestamp: the Kafka timestamp at the source, the window's end
      // at the sink.
      source = LatencyTracking.source((Source) source, "bench.in", null, settings);
      sink = LatencyTracking.sink(sink, "bench.out", null, settings);
    }
    long windows;
    FlowMeter meter = FlowMeter.start(records / 5);
    env.fromSource(
            source,
            WatermarkStrategy.<String>forBoundedOutOfOrderness(Duration.ofMillis(200)),
            "kafka")
        .map(new Counted())
        .map(v -> v * 31 + 7)
        .filter(v -> v % 3 != 0)
        .keyBy(v -> v % 128)
        .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
        .reduce(Long::sum)
        .map(String::valueOf)
        .sinkTo(sink);
    env.execute("latency-kafka-bench");
    double rate = meter.finish();
    windows = kafka.consumeAll(output).size();
    System.out.printf(
        "  %-24s %5s steady %,11.0f records/s, %,d window results%n",
        variant, round == 0 ? "warm" : String.valueOf(round), rate, windows);
    if (FlowMeter.COUNT.get() != records) {
      throw new IllegalStateException(
          variant + ": read " + FlowMeter.COUNT.get() + " records, expected " + records);
    }
    return rate;
  }

  /** Parses a record and counts it for the meter, in blocks, so counting costs next to nothing. */
  private static final class Counted extends RichMapFunction<String, Long> {
    private long unpublished;

    @Override
    public void open(OpenContext context) {
      unpublished = 0;
    }

    @Override
    public Long map(String value) {
      if (++unpublished == 4096) {
        FlowMeter.add(unpublished);
        unpublished = 0;
      }
      return Long.parseLong(value);
    }

    @Override
    public void close() {
      FlowMeter.add(unpublished);
    }
  }

  private LatencyKafkaBenchmark() {}
}
