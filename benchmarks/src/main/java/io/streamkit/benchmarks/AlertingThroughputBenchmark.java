package io.streamkit.benchmarks;

import io.streamkit.alerting.Formula;
import io.streamkit.alerting.MetricEvent;
import io.streamkit.alerting.Notification;
import io.streamkit.alerting.Rule;
import io.streamkit.alerting.RuleFile;
import io.streamkit.alerting.Series;
import io.streamkit.alerting.flink.AlertJob;
import io.streamkit.testkit.CapturedMetrics;
import io.streamkit.testkit.Kafka;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.metrics.Metric;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Issue 13's throughput target: 10,000 rules over the metric stream at parallelism 2, metric
 * events/s and checkpoint size, against the reference design the issue names (Flink's
 * broadcast-state "fraud detection" pattern: every event checked against every rule, one copy per
 * matching rule keyed by rule, and the whole window re-aggregated on every event).
 *
 * <p>A real broker holds the rules (one compacted topic) and the metric events (2 partitions),
 * written once: 100 jobs x 10 metrics x 4 subtasks, event time advancing 1 ms every 10 events.
 * 10,000 rules: for every (job, metric) 10 rules with windows of 1 or 5 minutes, MAX / AVG / LAST /
 * RATE, every 10 s, thresholds set so few fire. Each variant reads all events (bounded); the rate
 * is events/s read in steady state (from a fifth of the events to the last), min / median / max
 * over interleaved rounds after a warm-up each; checkpoint size from Flink's lastCheckpointSize (a
 * checkpoint every 5 s).
 *
 * <p>Run: {@code benchmarks/run AlertingThroughputBenchmark [events] [rules] [rounds]
 * [referenceEvents]}
 */
public final class AlertingThroughputBenchmark {
  private static final String[] METRICS = {
    "records-lag-max",
    "numRecordsInPerSecond",
    "numRecordsOutPerSecond",
    "numRestarts",
    "lastCheckpointDuration",
    "busyTimeMsPerSecond",
    "backPressuredTimeMsPerSecond",
    "currentOutputWatermark",
    "Status.JVM.Memory.Heap.Used",
    "numBytesInPerSecond"
  };
  private static final String[] AGGREGATES = {"MAX", "AVG", "LAST", "RATE"};
  private static final int JOBS = 100;

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 3_000_000L;
    int rules = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    long referenceEvents = args.length > 3 ? Long.parseLong(args[3]) : events / 20;
    Kafka kafka = new Kafka();
    kafka.start();
    try {
      kafka.createTopic("bench-rules", 1);
      kafka.createTopic("bench-metrics", 2);
      List<Rule> ruleSet = rules(rules);
      fillRules(kafka, ruleSet);
      fillEvents(kafka, events);
      Map<String, Rounds.Trial<Result>> trials = new LinkedHashMap<>();
      trials.put("streamkit", round -> run(kafka, round, events, false));
      trials.put("broadcast-state reference", round -> run(kafka, round, referenceEvents, true));
      Map<String, List<Result>> results = Rounds.interleaved(rounds, trials);
      System.out.printf(
          "%n%,d rules, parallelism 2; streamkit reads %,d events, the reference the first %,d"
              + " (it is slower); %d rounds interleaved after a warm-up each; min / median / max%n",
          rules, events, referenceEvents, rounds);
      results.forEach(
          (name, rs) ->
              System.out.printf(
                  "  %-26s steady events/s %s   notifications %s   last checkpoint bytes %s%n",
                  name,
                  Rounds.spread(rs, r -> r.rate, "%,10.0f"),
                  Rounds.spread(rs, r -> r.notifications, "%,7.0f"),
                  Rounds.spread(rs, r -> r.checkpointBytes, "%,12.0f")));
      System.out.printf(
          "cep-alerting: events/s with %,d rules, streamkit / broadcast-state reference, ratio of"
              + " medians = %s; streamkit median %,.0f events/s (target >= 100,000)%n",
          rules,
          Rounds.ratio(
              results.get("streamkit"), results.get("broadcast-state reference"), r -> r.rate),
          Rounds.median(results.get("streamkit"), r -> r.rate));
    } finally {
      kafka.close();
    }
  }

  private record Result(double rate, long notifications, long checkpointBytes) {}

  static List<Rule> rules(int count) {
    List<Rule> out = new ArrayList<>();
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < count; i++) {
      int job = (i / 10) % JOBS;
      String metric = METRICS[(i / (10 * JOBS)) % METRICS.length];
      String aggregate = AGGREGATES[i % AGGREGATES.length];
      yaml.append("---\nname: r")
          .append(i)
          .append("\nevery: 10s\nwindow: ")
          .append(i % 2 == 0 ? "1m" : "5m")
          .append("\nseries: [{metric: \"")
          .append(metric)
          .append("\", filter: {job_name: job_")
          .append(job)
          .append("}, aggregate: ")
          .append(aggregate)
          .append("}]\ncondition: \"{0} > ")
          .append(aggregate.equals("RATE") ? 50 : 990 + i % 10)
          .append("\"\nrepeat-interval: 0s\n");
    }
    RuleFile.Result r = RuleFile.parse("bench.yaml", yaml.toString());
    if (!r.errors().isEmpty()) {
      throw new IllegalStateException(r.errors().toString());
    }
    out.addAll(r.rules());
    return out;
  }

  private static void fillRules(Kafka kafka, List<Rule> rules) throws Exception {
    try (KafkaProducer<byte[], byte[]> p = producer(kafka)) {
      for (Rule r : rules) {
        p.send(
            new ProducerRecord<>(
                "bench-rules",
                r.name().getBytes(StandardCharsets.UTF_8),
                r.definition().getBytes(StandardCharsets.UTF_8)));
      }
    }
  }

  /** Metric events in metric-reporter's format; values mostly below the thresholds. */
  private static void fillEvents(Kafka kafka, long count) throws Exception {
    long start = System.nanoTime();
    long base = System.currentTimeMillis() - count / 10;
    Random random = new Random(42);
    long[] counters = new long[JOBS * METRICS.length * 4];
    try (KafkaProducer<byte[], byte[]> p = producer(kafka)) {
      for (long i = 0; i < count; i++) {
        int job = random.nextInt(JOBS);
        int metric = random.nextInt(METRICS.length);
        int subtask = random.nextInt(4);
        int slot = (job * METRICS.length + metric) * 4 + subtask;
        counters[slot] += random.nextInt(20);
        double value =
            METRICS[metric].equals("numRestarts") ? counters[slot] : random.nextInt(1_000);
        if (random.nextInt(100_000) == 0) {
          value = 5_000; // now and then a spike
        }
        String json =
            "{\"schema\":1,\"id\":\"e"
                + i
                + "\",\"timestamp\":"
                + (base + i / 10)
                + ",\"name\":\""
                + METRICS[metric]
                + "\",\"scope\":\"x\",\"tags\":{\"job_name\":\"job_"
                + job
                + "\",\"task_name\":\"Source: kafka\",\"subtask_index\":\""
                + subtask
                + "\",\"host\":\"tm-"
                + subtask
                + "\"},\"type\":\"gauge\",\"value\":"
                + value
                + "}";
        p.send(
            new ProducerRecord<>(
                "bench-metrics", (int) (i % 2), null, json.getBytes(StandardCharsets.UTF_8)));
      }
    }
    System.out.printf(
        "Filled bench-metrics with %,d events in %.1f s%n",
        count, (System.nanoTime() - start) / 1e9);
  }

  private static KafkaProducer<byte[], byte[]> producer(Kafka kafka) {
    Properties props = kafka.clientProperties();
    props.put("linger.ms", "20");
    props.put("batch.size", "262144");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static Result run(Kafka kafka, int round, long events, boolean reference)
      throws Exception {
    CapturedMetrics.clear();
    Configuration conf = CapturedMetrics.addTo(new Configuration());
    conf.setString("metrics.reporter.captured.interval", "1 s");
    conf.setString(
        "execution.checkpointing.dir",
        java.nio.file.Files.createTempDirectory("alerting-bench").toUri().toString());
    conf.setString("restart-strategy.type", "none"); // a failure ends the run, visibly
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    env.enableCheckpointing(5_000);
    String group = (reference ? "ref-" : "sk-") + round;
    KafkaSource<String> metrics =
        KafkaSource.<String>builder()
            .setBootstrapServers(kafka.bootstrapServers())
            .setTopics("bench-metrics")
            .setGroupId(group)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setBounded(
                OffsetsInitializer.offsets(
                    Map.of(
                        new org.apache.kafka.common.TopicPartition("bench-metrics", 0),
                        events / 2,
                        new org.apache.kafka.common.TopicPartition("bench-metrics", 1),
                        events / 2)))
            .setValueOnlyDeserializer(new SimpleStringSchema())
            .build();
    KafkaSource<String> ruleSource =
        KafkaSource.<String>builder()
            .setBootstrapServers(kafka.bootstrapServers())
            .setTopics("bench-rules")
            .setGroupId(group + "-rules")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setBounded(OffsetsInitializer.latest())
            .setDeserializer(new RuleRecords())
            .build();
    DataStream<String> metricEvents =
        env.fromSource(metrics, WatermarkStrategy.noWatermarks(), "metric events")
            .map(new Counted())
            .name("count");
    @SuppressWarnings("unchecked")
    DataStream<Tuple2<String, String>> ruleChanges =
        env.fromSource(ruleSource, WatermarkStrategy.noWatermarks(), "rules")
            .map(
                line ->
                    Tuple2.of(
                        line.substring(0, line.indexOf('\n')),
                        line.substring(line.indexOf('\n') + 1)))
            .returns(Types.TUPLE(Types.STRING, Types.STRING))
            .setParallelism(1);
    FlowMeter meter = FlowMeter.start(events / 5);
    NOTIFICATIONS.set(0);
    if (reference) {
      Reference.build(metricEvents, ruleChanges).sinkTo(new DiscardingSink<>());
    } else {
      AlertJob.evaluate(metricEvents, ruleChanges, conf, 2)
          .map(n -> NOTIFICATIONS.incrementAndGet())
          .sinkTo(new DiscardingSink<>());
    }
    env.execute("alerting-throughput-" + group);
    double rate = meter.finish();
    long checkpoint = 0;
    for (Map.Entry<String, Metric> m :
        CapturedMetrics.endingWith(".lastCheckpointSize").entrySet()) {
      Object v = ((org.apache.flink.metrics.Gauge<?>) m.getValue()).getValue();
      checkpoint = Math.max(checkpoint, ((Number) v).longValue());
    }
    System.out.printf(
        "  %-26s %5s steady %,10.0f events/s, %,d notifications, last checkpoint %,d bytes%n",
        reference ? "broadcast-state reference" : "streamkit",
        round == 0 ? "warm" : String.valueOf(round),
        rate,
        NOTIFICATIONS.get(),
        checkpoint);
    if (FlowMeter.COUNT.get() != events) {
      throw new IllegalStateException(
          "read " + FlowMeter.COUNT.get() + " events, expected " + events);
    }
    return new Result(rate, NOTIFICATIONS.get(), checkpoint);
  }

  static final AtomicLong NOTIFICATIONS = new AtomicLong();

  /** Rule records as "name\ndefinition". */
  private static final class RuleRecords
      implements org.apache.flink.connector.kafka.source.reader.deserializer
              .KafkaRecordDeserializationSchema<
          String> {
    @Override
    public void deserialize(
        org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record,
        Collector<String> out) {
      out.collect(
          new String(record.key(), StandardCharsets.UTF_8)
              + "\n"
              + new String(record.value(), StandardCharsets.UTF_8));
    }

    @Override
    public org.apache.flink.api.common.typeinfo.TypeInformation<String> getProducedType() {
      return Types.STRING;
    }
  }

  /**
   * The reference: Flink's broadcast-state pattern as its fraud-detection demo builds it. Every
   * event is checked against every rule in the broadcast state, copied once per rule it matches
   * (keyed by rule), and the keyed function keeps the rule's window of samples in state and
   * re-aggregates all of it on every event, then evaluates the condition.
   */
  static final class Reference {
    static final MapStateDescriptor<String, String> RULES =
        new MapStateDescriptor<>("rules", Types.STRING, Types.STRING);

    static DataStream<Notification> build(
        DataStream<String> events, DataStream<Tuple2<String, String>> rules) {
      BroadcastStream<Tuple2<String, String>> broadcast = rules.broadcast(RULES);
      return events
          .connect(broadcast)
          .process(new CopyPerRule())
          .keyBy(t -> t.f0)
          .connect(broadcast)
          .process(new WholeWindow())
          .returns(org.apache.flink.api.common.typeinfo.TypeInformation.of(Notification.class));
    }

    /** (rule, event time, value) for every rule whose series the event matches. */
    static final class CopyPerRule
        extends BroadcastProcessFunction<
            String, Tuple2<String, String>, Tuple3<String, Long, Double>> {
      private transient Map<String, Rule> parsed;

      @Override
      public void processElement(
          String json, ReadOnlyContext ctx, Collector<Tuple3<String, Long, Double>> out)
          throws Exception {
        MetricEvent e = MetricEvent.parse(json);
        if (e == null) {
          return;
        }
        if (parsed == null) {
          parsed = new HashMap<>();
        }
        ReadOnlyBroadcastState<String, String> rules = ctx.getBroadcastState(RULES);
        for (Map.Entry<String, String> r : rules.immutableEntries()) {
          Rule rule =
              parsed.computeIfAbsent(r.getKey(), k -> RuleFile.fromDefinition(r.getValue(), k));
          Series s = rule.series().get(0);
          if (s.matches(e.name(), e.tags())) {
            out.collect(Tuple3.of(rule.name(), e.timestamp(), e.value(s.field())));
          }
        }
      }

      @Override
      public void processBroadcastElement(
          Tuple2<String, String> rule, Context ctx, Collector<Tuple3<String, Long, Double>> out)
          throws Exception {
        BroadcastState<String, String> rules = ctx.getBroadcastState(RULES);
        rules.put(rule.f0, rule.f1);
      }
    }

    /** The rule's window in keyed state, re-aggregated whole on every event. */
    static final class WholeWindow
        extends KeyedBroadcastProcessFunction<
            String, Tuple3<String, Long, Double>, Tuple2<String, String>, Notification> {
      private transient ListState<Tuple2<Long, Double>> window;
      private transient Map<String, Rule> parsed;

      @Override
      public void open(OpenContext context) {
        window =
            getRuntimeContext()
                .getListState(
                    new ListStateDescriptor<>("window", Types.TUPLE(Types.LONG, Types.DOUBLE)));
        parsed = new HashMap<>();
      }

      @Override
      public void processElement(
          Tuple3<String, Long, Double> sample, ReadOnlyContext ctx, Collector<Notification> out)
          throws Exception {
        String definition = ctx.getBroadcastState(RULES).get(sample.f0);
        if (definition == null) {
          return;
        }
        Rule rule = parsed.computeIfAbsent(sample.f0, k -> RuleFile.fromDefinition(definition, k));
        long from = sample.f1 - rule.window().toMillis();
        List<Tuple2<Long, Double>> kept = new ArrayList<>();
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (Tuple2<Long, Double> s : window.get()) {
          if (s.f0 > from) {
            kept.add(s);
            max = Math.max(max, s.f1);
            sum += s.f1;
          }
        }
        kept.add(Tuple2.of(sample.f1, sample.f2));
        max = Math.max(max, sample.f2);
        sum += sample.f2;
        window.update(kept);
        double value =
            switch (rule.series().get(0).aggregate()) {
              case AVG -> sum / kept.size();
              case LAST -> sample.f2;
              default -> max;
            };
        Formula condition = rule.condition();
        if (condition.holds(new double[] {value})) {
          // The demo emits an alert per matching event; counted, not delivered.
          NOTIFICATIONS.incrementAndGet();
        }
      }

      @Override
      public void processBroadcastElement(
          Tuple2<String, String> rule, Context ctx, Collector<Notification> out) throws Exception {
        ctx.getBroadcastState(RULES).put(rule.f0, rule.f1);
      }
    }
  }

  /** Parses nothing, counts events for the meter in blocks. */
  private static final class Counted extends RichMapFunction<String, String> {
    private long unpublished;

    @Override
    public String map(String value) {
      if (++unpublished == 1024) {
        FlowMeter.add(unpublished);
        unpublished = 0;
      }
      return value;
    }

    @Override
    public void close() {
      FlowMeter.add(unpublished);
    }
  }

  private AlertingThroughputBenchmark() {}
}
