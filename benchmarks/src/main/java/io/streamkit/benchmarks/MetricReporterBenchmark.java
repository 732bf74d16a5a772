package io.streamkit.benchmarks;

import io.streamkit.metrics.kafka.KafkaReporter;
import io.streamkit.metrics.kafka.KafkaReporterFactory;
import io.streamkit.testkit.Kafka;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Issue 4's reporter benchmark: the time of one {@code report()} of 10,000 metrics with a real
 * broker, and the throughput of a CPU-bound job with the reporter (preset all, every second)
 * against the same job without it, alternated.
 *
 * <p>Run: {@code benchmarks/run MetricReporterBenchmark [metrics] [jobRecords] [rounds]}
 */
public final class MetricReporterBenchmark {
  public static void main(String[] args) throws Exception {
    int metricCount = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    long jobRecords = args.length > 1 ? Long.parseLong(args[1]) : 200_000_000L;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;

    Kafka kafka = new Kafka();
    kafka.start();
    try {
      KafkaReporter reporter = new KafkaReporter();
      MetricConfig config = new MetricConfig();
      config.setProperty("bootstrap.servers", kafka.bootstrapServers());
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
      for (int i = 0; i < 20; i++) {
        reporter.report();
        Thread.sleep(100);
      }
      long[] samples = new long[50];
      for (int i = 0; i < samples.length; i++) {
        long start = System.nanoTime();
        reporter.report();
        samples[i] = System.nanoTime() - start;
        Thread.sleep(200); // let the sender drain, as between real reporting intervals
      }
      Percentiles report = new Percentiles(samples);
      reporter.close();
      System.out.printf(
          "report() of %,d metrics: p50 %.2f ms, p99 %.2f ms (dropped %d)%n",
          metricCount, report.millis(50), report.millis(99), reporter.droppedEvents());

      jobRate(jobRecords / 4, null); // warm-up, not measured
      jobRate(jobRecords / 4, kafka.bootstrapServers());
      double with = 0;
      double without = 0;
      for (int round = 0; round < rounds; round++) {
        double a = jobRate(jobRecords, null);
        double b = jobRate(jobRecords, kafka.bootstrapServers());
        without = Math.max(without, a);
        with = Math.max(with, b);
        System.out.printf(
            "round %d: without reporter %,.0f records/s, with reporter %,.0f records/s%n",
            round + 1, a, b);
      }
      System.out.printf(
          "metric-reporter: job throughput with / without reporter = %.3f (overhead %.1f%%, target < 1%%)%n",
          with / without, (1 - with / without) * 100);
    } finally {
      kafka.close();
    }
  }

  /** Best-of records/s of a CPU-bound pipeline, with the reporter when {@code servers} is set. */
  private static double jobRate(long records, String servers) throws Exception {
    Configuration conf = new Configuration();
    if (servers != null) {
      conf.setString("metrics.reporter.kafka.factory.class", KafkaReporterFactory.class.getName());
      conf.setString("metrics.reporter.kafka.interval", "1 s");
      conf.setString("metrics.reporter.kafka.bootstrap.servers", servers);
      conf.setString("metrics.reporter.kafka.preset", "all");
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    env.fromSequence(1, records)
        .map(i -> i * 31 + 7)
        .filter(i -> i % 3 != 0)
        .sinkTo(new DiscardingSink<>());
    long start = System.nanoTime();
    env.execute("reporter-bench");
    return records / ((System.nanoTime() - start) / 1e9);
  }
}
