package io.streamkit.dimension;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A metric reporter for tests: the MiniCluster registers every metric here, and a test reads the
 * live value of the lookup function's {@code cache.*} metrics while the job runs.
 */
final class CapturedMetrics {
  private static final Map<String, Metric> METRICS = new ConcurrentHashMap<>();

  private CapturedMetrics() {}

  /** Adds this reporter to a Flink configuration. */
  static Configuration addTo(Configuration config) {
    config.setString("metrics.reporter.captured.factory.class", Factory.class.getName());
    return config;
  }

  static void clear() {
    METRICS.clear();
  }

  /** The value of the one metric whose identifier ends with {@code .cache.<name>}, or -1. */
  static long cache(String name) {
    long found = -1;
    int matches = 0;
    for (Map.Entry<String, Metric> e : METRICS.entrySet()) {
      if (e.getKey().endsWith(".cache." + name)) {
        matches++;
        Metric m = e.getValue();
        found =
            m instanceof Counter c
                ? c.getCount()
                : ((Number) ((Gauge<?>) m).getValue()).longValue();
      }
    }
    if (matches > 1) {
      throw new IllegalStateException(matches + " metrics named cache." + name);
    }
    return found;
  }

  /** Waits until {@code cache.<name>} satisfies {@code condition}; returns its value. */
  static long awaitCache(String name, LongPredicate condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long value = cache(name);
    while (!condition.test(value)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("cache." + name + " is still " + value + " after " + timeout);
      }
      Thread.sleep(20);
      value = cache(name);
    }
    return value;
  }

  /** Public with a public constructor: Flink instantiates it by class name. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new Reporter();
    }
  }

  private static final class Reporter implements MetricReporter {
    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
      METRICS.put(group.getMetricIdentifier(name), metric);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
      METRICS.remove(group.getMetricIdentifier(name), metric);
    }
  }
}
