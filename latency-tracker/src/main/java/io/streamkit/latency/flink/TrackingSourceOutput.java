package io.streamkit.latency.flink;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.SourceOutput;

/** A source output (a split's, or the reader's) that shows every record to the timer first. */
class TrackingSourceOutput<T> implements SourceOutput<T> {
  private final SourceOutput<T> inner;
  final SourceTimer<T> timer;

  TrackingSourceOutput(SourceOutput<T> inner, SourceTimer<T> timer) {
    this.inner = inner;
    this.timer = timer;
  }

  @Override
  public void collect(T record) {
    timer.emittedWithoutTimestamp();
    inner.collect(record);
  }

  @Override
  public void collect(T record, long timestamp) {
    timer.emitted(record, timestamp);
    inner.collect(record, timestamp);
  }

  @Override
  public void emitWatermark(Watermark watermark) {
    inner.emitWatermark(watermark);
  }

  @Override
  public void markIdle() {
    inner.markIdle();
  }

  @Override
  public void markActive() {
    inner.markActive();
  }
}
