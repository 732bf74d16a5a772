package io.streamkit.metrics.kafka;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * {@code metrics.reporter.<name>.factory.class: io.streamkit.metrics.kafka.KafkaReporterFactory}.
 */
public class KafkaReporterFactory implements MetricReporterFactory {
  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return new KafkaReporter();
  }
}
