package io.streamkit.latency.flink;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.InputStatus;

/** A source reader whose records pass the timer on their way out; everything else delegates. */
final class TrackedSourceReader<T, S extends SourceSplit> implements SourceReader<T, S> {
  private final SourceReader<T, S> inner;
  private final SourceTimer<T> timer;
  private TrackingReaderOutput<T> output; // the operator hands the same output to every poll

  TrackedSourceReader(SourceReader<T, S> inner, SourceTimer<T> timer) {
    this.inner = inner;
    this.timer = timer;
  }

  @Override
  public InputStatus pollNext(ReaderOutput<T> readerOutput) throws Exception {
    if (output == null || !output.wraps(readerOutput)) {
      output = new TrackingReaderOutput<>(readerOutput, timer);
    }
    return inner.pollNext(output);
  }

  @Override
  public void start() {
    inner.start();
  }

  @Override
  public List<S> snapshotState(long checkpointId) {
    return inner.snapshotState(checkpointId);
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    return inner.isAvailable();
  }

  @Override
  public void addSplits(List<S> splits) {
    inner.addSplits(splits);
  }

  @Override
  public void notifyNoMoreSplits() {
    inner.notifyNoMoreSplits();
  }

  @Override
  public void handleSourceEvents(SourceEvent sourceEvent) {
    inner.handleSourceEvents(sourceEvent);
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    inner.notifyCheckpointComplete(checkpointId);
  }

  @Override
  public void notifyCheckpointAborted(long checkpointId) throws Exception {
    inner.notifyCheckpointAborted(checkpointId);
  }

  @Override
  public void pauseOrResumeSplits(
      java.util.Collection<String> splitsToPause, java.util.Collection<String> splitsToResume) {
    inner.pauseOrResumeSplits(splitsToPause, splitsToResume);
  }

  @Override
  public void close() throws Exception {
    timer.finish();
    inner.close();
  }
}
