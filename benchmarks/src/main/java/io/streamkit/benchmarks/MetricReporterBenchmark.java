package io.streamkit.benchmarks;

import io.streamkit.metrics.kafka.KafkaReporter;
import io.streamkit.metrics.kafka.KafkaReporterFactory;
import io.streamkit.testkit.Kafka;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Issue 4's reporter benchmark: the time of one {@code report()} of 10,000 metrics with a real
 * broker, and the throughput of a CPU-bound job with the reporter (preset all, every second)
 * against the same job without it.
 *
 * <p>report(): 20 warm-up calls, then {@code rounds} rounds of 50 timed calls, 200 ms apart; the
 * reporter's topic is counted afterwards, so "dropped 0" is checked against what Kafka holds.
 *
 * <p>Job: one warm-up job each, then the two run interleaved for {@code rounds} rounds. Throughput
 * is measured at the sink in steady state (from the moment a fifth of the records had arrived to
 * the last one), start-up apart; the sink's count is checked against the records the filter passes.
 *
 * <p>Run: {@code benchmarks/run MetricReporterBenchmark [metrics] [jobRecords] [rounds]}
 */
public final class MetricReporterBenchmark {
  private static final String WITHOUT = "without reporter";
  private static final String WITH = "with reporter";

  public static void main(String[] args) throws Exception {
    int metricCount = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    long jobRecords = args.length > 1 ? Long.parseLong(args[1]) : 200_000_000L;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;

    Kafka kafka = new Kafka();
    kafka.start();
    try {
      String topic = "report-bench";
      kafka.createTopic(topic, 3);
      KafkaReporter reporter = new KafkaReporter();
      MetricConfig config = new MetricConfig();
      config.setProperty("bootstrap.servers", kafka.bootstrapServers());
      config.setProperty("topic", topic);
      config.setProperty("preset", "all");
      reporter.open(config);
      UnregisteredMetricsGroup group = new UnregisteredMetricsGroup();
      for (int i = 0; i < metricCount; i++) {
        if (i % 2 == 0) {
          SimpleCounter counter = new SimpleCounter();
          counter.inc(i);
          reporter.notifyOfAddedMetric(counter, "counter" + i, group);
        } else {
          reporter.notifyOfAddedMetric(new MeterView(new SimpleCounter()), "meter" + i, group);
        }
      }
      int reports = 0;
      for (int i = 0; i < 20; i++) {
        reporter.report();
        reports++;
        Thread.sleep(100);
      }
      List<double[]> reportRounds = new ArrayList<>(); // p50, p99 in ms per round
      for (int round = 1; round <= rounds; round++) {
        long[] samples = new long[50];
        for (int i = 0; i < samples.length; i++) {
          long start = System.nanoTime();
          reporter.report();
          samples[i] = System.nanoTime() - start;
          reports++;
          Thread.sleep(200); // let the sender drain, as between real reporting intervals
        }
        Percentiles p = new Percentiles(samples);
        reportRounds.add(new double[] {p.millis(50), p.millis(99)});
        System.out.printf(
            "report() round %d: p50 %.2f ms, p99 %.2f ms%n", round, p.millis(50), p.millis(99));
      }
      reporter.close(); // sends what is queued
      long dropped = reporter.droppedEvents();
      long offered = (long) reports * (metricCount + 1); // one event per metric + the drop count
      long inTopic = TopicCount.records(kafka.clientProperties(), topic);
      System.out.printf(
          "report() of %,d metrics, %d rounds of 50 calls; min / median / max:"
              + " p50 %s ms, p99 %s ms%n",
          metricCount,
          rounds,
          Rounds.spread(reportRounds, r -> r[0], "%.2f"),
          Rounds.spread(reportRounds, r -> r[1], "%.2f"));
      System.out.printf(
          "events offered %,d, dropped (reporter's count) %,d, in the topic %,d, missing %,d%n",
          offered, dropped, inTopic, offered - inTopic);

      String servers = kafka.bootstrapServers();
      Map<String, Rounds.Trial<SinkMeter.Reading>> trials = new LinkedHashMap<>();
      trials.put(WITHOUT, round -> job(WITHOUT, round, jobRecords, null));
      trials.put(WITH, round -> job(WITH, round, jobRecords, servers));
      Map<String, List<SinkMeter.Reading>> results = Rounds.interleaved(rounds, trials);
      System.out.printf(
          "%njob, %d rounds, interleaved, after one warm-up job each; min / median / max%n",
          rounds);
      results.forEach(
          (name, rs) ->
              System.out.printf(
                  "  %-18s steady records/s %s   start-up s %s%n",
                  name,
                  Rounds.spread(rs, SinkMeter.Reading::rowsPerSecond, "%,11.0f"),
                  Rounds.spread(rs, SinkMeter.Reading::startupSeconds, "%.2f")));
      double ratio =
          Rounds.median(results.get(WITH), SinkMeter.Reading::rowsPerSecond)
              / Rounds.median(results.get(WITHOUT), SinkMeter.Reading::rowsPerSecond);
      System.out.printf(
          "metric-reporter: steady records/s with / without reporter, ratio of medians = %s"
              + " (overhead %.1f%%, target < 1%%)%n",
          Rounds.ratio(results.get(WITH), results.get(WITHOUT), SinkMeter.Reading::rowsPerSecond),
          (1 - ratio) * 100);
    } finally {
      kafka.close();
    }
  }

  /** A CPU-bound pipeline, with the reporter when {@code servers} is set; round 0 is smaller. */
  private static SinkMeter.Reading job(String name, int round, long records, String servers)
      throws Exception {
    long n = round == 0 ? records / 4 : records;
    Configuration conf = new Configuration();
    if (servers != null) {
      conf.setString("metrics.reporter.kafka.factory.class", KafkaReporterFactory.class.getName());
      conf.setString("metrics.reporter.kafka.interval", "1 s");
      conf.setString("metrics.reporter.kafka.bootstrap.servers", servers);
      conf.setString("metrics.reporter.kafka.preset", "all");
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    env.fromSequence(1, n)
        .map(i -> i * 31 + 7)
        .filter(i -> i % 3 != 0)
        .sinkTo(SinkMeter.sink((Long i) -> true));
    SinkMeter.Reading r;
    try (SinkMeter meter = SinkMeter.start(n / 5)) {
      env.execute("reporter-bench");
      r = meter.read();
    }
    // (31 i + 7) mod 3 = (i + 1) mod 3: the filter drops i = 2, 5, 8, ...
    long expected = n - (n + 1) / 3;
    System.out.printf(
        "  %-18s %5s steady %,11.0f records/s, start-up %.2f s, in sink %,d%n",
        name,
        round == 0 ? "warm" : String.valueOf(round),
        r.rowsPerSecond(),
        r.startupSeconds(),
        r.rows());
    if (r.rows() != expected) {
      throw new IllegalStateException(name + ": sink holds " + r.rows() + ", expected " + expected);
    }
    return r;
  }
}
