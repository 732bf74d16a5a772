package io.streamkit.latency.flink;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;

/** The reader's output, and the per-split outputs it hands out, all timed by one timer. */
final class TrackingReaderOutput<T> extends TrackingSourceOutput<T> implements ReaderOutput<T> {
  private final ReaderOutput<T> inner;
  private final Map<String, SourceOutput<T>> splitOutputs = new HashMap<>();

  TrackingReaderOutput(ReaderOutput<T> inner, SourceTimer<T> timer) {
    super(inner, timer);
    this.inner = inner;
  }

  boolean wraps(ReaderOutput<T> output) {
    return inner == output;
  }

  @Override
  public SourceOutput<T> createOutputForSplit(String splitId) {
    return splitOutputs.computeIfAbsent(
        splitId, id -> new TrackingSourceOutput<>(inner.createOutputForSplit(id), timer));
  }

  @Override
  public void releaseOutputForSplit(String splitId) {
    splitOutputs.remove(splitId);
    inner.releaseOutputForSplit(splitId);
  }
}
