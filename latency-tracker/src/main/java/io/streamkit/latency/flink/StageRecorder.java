package io.streamkit.latency.flink;

import io.streamkit.latency.IntervalSketch;
import io.streamkit.latency.SketchWindow;
import io.streamkit.latency.Stage;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * One stage's latencies at one subtask, and the metrics that show them, under the variables {@code
 * <table>} and {@code <stage>}: {@code latency} (a Flink histogram of the last completed window,
 * for any Flink reporter), {@code latencySketch} (the recent windows' mergeable sketches as text,
 * {@link SketchWindow#encode(java.util.List)}) and {@code latencySkewed} (origin times in the
 * future).
 */
final class StageRecorder {
  private final IntervalSketch sketch;
  private final Counter skewed;

  StageRecorder(MetricGroup tableGroup, Stage stage, long intervalMs) {
    this.sketch = new IntervalSketch(intervalMs, System.currentTimeMillis());
    MetricGroup group = tableGroup.addGroup("stage", stage.id());
    this.skewed = group.counter("latencySkewed");
    group.histogram("latency", new WindowHistogram(sketch));
    group.gauge(
        "latencySketch",
        (Gauge<String>) () -> SketchWindow.encode(sketch.recent(System.currentTimeMillis())));
  }

  void record(long latencyMs, long nowMs) {
    if (sketch.record(latencyMs, nowMs)) {
      skewed.inc();
    }
  }

  /** The task closes: its window in progress is what the final report reads. */
  void finish() {
    sketch.finish(System.currentTimeMillis());
  }
}
