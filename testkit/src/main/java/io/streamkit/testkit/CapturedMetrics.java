package io.streamkit.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
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
 * A Flink metric reporter for tests: a MiniCluster configured with {@link #addTo} registers every
 * metric here, and a test reads live values while the job runs (the metric objects themselves, not
 * a copy made at some reporting interval), until Flink removes them.
 */
public final class CapturedMetrics {
  private static final Map<String, Metric> METRICS = new ConcurrentHashMap<>();

  /**
   * The last value of each gauge Flink removed, read at its removal (as metric-reporter sends a
   * removed metric's final reading): a task's last window, finished when it closes, is not lost to
   * a test that polls too late.
   */
  private static final Map<String, Object> FINAL_READINGS = new ConcurrentHashMap<>();

  private CapturedMetrics() {}

  /** Adds this reporter to a Flink configuration. */
  public static Configuration addTo(Configuration config) {
    config.setString("metrics.reporter.captured.factory.class", Factory.class.getName());
    return config;
  }

  public static void clear() {
    METRICS.clear();
    FINAL_READINGS.clear();
  }

  /** The final readings of removed gauges whose identifier ends with {@code suffix}. */
  public static Map<String, Object> finalReadings(String suffix) {
    Map<String, Object> found = new TreeMap<>();
    FINAL_READINGS.forEach(
        (id, value) -> {
          if (id.endsWith(suffix)) {
            found.put(id, value);
          }
        });
    return found;
  }

  /** Every captured metric whose identifier ends with {@code suffix}, by identifier. */
  public static Map<String, Metric> endingWith(String suffix) {
    Map<String, Metric> found = new TreeMap<>();
    METRICS.forEach(
        (id, metric) -> {
          if (id.endsWith(suffix)) {
            found.put(id, metric);
          }
        });
    return found;
  }

  /**
   * The value of the one counter or numeric gauge whose identifier ends with {@code suffix}, or -1
   * when there is none.
   */
  public static long value(String suffix) {
    Map<String, Metric> found = endingWith(suffix);
    if (found.size() > 1) {
      throw new IllegalStateException(found.size() + " metrics end with " + suffix);
    }
    if (found.isEmpty()) {
      return -1;
    }
    Metric m = found.values().iterator().next();
    return m instanceof Counter c ? c.getCount() : ((Number) ((Gauge<?>) m).getValue()).longValue();
  }

  /** Waits until {@link #value} of {@code suffix} satisfies {@code condition}; returns it. */
  public static long await(String suffix, LongPredicate condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long value = value(suffix);
    while (!condition.test(value)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("metric *" + suffix + " is still " + value + " after " + timeout);
      }
      Thread.sleep(20);
      value = value(suffix);
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
      String id = group.getMetricIdentifier(name);
      if (metric instanceof org.apache.flink.metrics.Gauge<?> gauge) {
        try {
          Object last = gauge.getValue();
          if (last != null) {
            FINAL_READINGS.put(id, last);
          }
        } catch (RuntimeException e) {
          // a gauge that cannot be read any more has no final reading
        }
      }
      METRICS.remove(id, metric);
    }
  }
}
