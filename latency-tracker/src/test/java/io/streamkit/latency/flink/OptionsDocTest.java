package io.streamkit.latency.flink;

import io.streamkit.docs.FlinkOptionSpecs;
import io.streamkit.docs.OptionsDoc;
import org.junit.jupiter.api.Test;

class OptionsDocTest {
  @Test
  void latencyTrackerDocListsTheOptionsAsDeclared() {
    OptionsDoc.check(
        "latency-tracker.md",
        LatencyTrackerOptions.class.getName(),
        FlinkOptionSpecs.of(LatencyTrackerOptions.class));
  }
}
