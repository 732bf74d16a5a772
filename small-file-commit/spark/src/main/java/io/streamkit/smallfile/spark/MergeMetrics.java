package io.streamkit.smallfile.spark;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.MetricRegistry;
import io.streamkit.smallfile.MergeStats;
import org.apache.spark.SparkEnv;
import org.apache.spark.metrics.source.Source;

/**
 * The driver's merge metrics, registered with Spark's metrics system as source {@code
 * streamkit.merge} (so they reach every configured sink: JMX, Prometheus, Graphite ...). Spark
 * declares {@link Source} package-private in Scala; it is a public interface to Java, and the only
 * way to add a source to Spark's metrics system.
 */
final class MergeMetrics implements Source {
  private static MergeMetrics registered;
  private static SparkEnv registeredWith;

  private final MetricRegistry registry = new MetricRegistry();
  final Counter writes = registry.counter("writes");
  final Counter filesBefore = registry.counter("filesBefore");
  final Counter filesAfter = registry.counter("filesAfter");
  final Counter bytesBefore = registry.counter("bytesBefore");
  final Counter bytesAfter = registry.counter("bytesAfter");
  final Histogram mergeMillis = registry.histogram("mergeTimeMs");

  @Override
  public String sourceName() {
    return "streamkit.merge";
  }

  @Override
  public MetricRegistry metricRegistry() {
    return registry;
  }

  static synchronized void record(MergeStats stats) {
    SparkEnv env = SparkEnv.get();
    if (env == null) {
      return;
    }
    if (registeredWith != env) {
      registered = new MergeMetrics();
      registeredWith = env;
      env.metricsSystem().registerSource(registered);
    }
    registered.writes.inc();
    registered.filesBefore.inc(stats.filesBefore());
    registered.filesAfter.inc(stats.filesAfter());
    registered.bytesBefore.inc(stats.bytesBefore());
    registered.bytesAfter.inc(stats.bytesAfter());
    registered.mergeMillis.update(stats.millis());
  }

  /** For tests: the metrics of the current SparkEnv, or null. */
  static synchronized MergeMetrics current() {
    return registeredWith == SparkEnv.get() ? registered : null;
  }
}
