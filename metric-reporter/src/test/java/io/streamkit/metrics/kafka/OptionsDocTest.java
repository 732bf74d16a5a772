package io.streamkit.metrics.kafka;

import io.streamkit.docs.FlinkOptionSpecs;
import io.streamkit.docs.OptionsDoc;
import org.junit.jupiter.api.Test;

class OptionsDocTest {
  @Test
  void metricReporterDocListsTheReporterOptionsAsDeclared() {
    OptionsDoc.check(
        "metric-reporter.md",
        KafkaReporterOptions.class.getName(),
        FlinkOptionSpecs.of(KafkaReporterOptions.class));
  }
}
