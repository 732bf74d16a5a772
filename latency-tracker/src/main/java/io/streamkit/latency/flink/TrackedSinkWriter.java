package io.streamkit.latency.flink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;

/**
 * A sink writer that shows each record to the timer before the wrapped writer writes it. Flink's
 * writer operator asks the writer itself whether it commits or keeps state ({@code instanceof}), so
 * {@link #wrap} picks the subclass with exactly the wrapped writer's interfaces.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
class TrackedSinkWriter<T> implements SinkWriter<T> {
  private final SinkWriter<T> inner;
  private final SinkTimer<T> timer;
  private final boolean wrapsCommittables;

  TrackedSinkWriter(SinkWriter<T> inner, SinkTimer<T> timer, boolean wrapsCommittables) {
    this.inner = inner;
    this.timer = timer;
    this.wrapsCommittables = wrapsCommittables;
  }

  static <T> SinkWriter<T> wrap(SinkWriter<T> inner, SinkTimer<T> timer, boolean wrapCommittables) {
    boolean commits = inner instanceof CommittingSinkWriter;
    boolean stateful = inner instanceof StatefulSinkWriter;
    if (commits && stateful) {
      return new CommittingStateful<>(inner, timer, wrapCommittables);
    } else if (commits) {
      return new Committing<>(inner, timer, wrapCommittables);
    } else if (stateful) {
      return new Stateful<>(inner, timer);
    }
    return new TrackedSinkWriter<>(inner, timer, false);
  }

  @Override
  public void write(T element, Context context) throws IOException, InterruptedException {
    timer.written(element, context.timestamp());
    inner.write(element, context);
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    inner.flush(endOfInput);
  }

  @Override
  public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
    inner.writeWatermark(watermark);
  }

  Collection<Object> prepareCommitTracked() throws IOException, InterruptedException {
    Collection<Object> committables = ((CommittingSinkWriter) inner).prepareCommit();
    if (!wrapsCommittables) {
      return committables;
    }
    if (committables.isEmpty()) {
      timer.visibleAtWrite();
      return committables;
    }
    List<Object> tracked = new ArrayList<>(committables.size());
    for (Object committable : committables) {
      // The first committable carries the checkpoint's timed records; they commit together.
      tracked.add(
          tracked.isEmpty()
              ? timer.attachTo(committable)
              : TrackedCommittable.untimed(committable));
    }
    return tracked;
  }

  List<Object> snapshotStateOfInner(long checkpointId) throws IOException {
    return ((StatefulSinkWriter) inner).snapshotState(checkpointId);
  }

  @Override
  public void close() throws Exception {
    timer.finish();
    inner.close();
  }

  private static class Committing<T> extends TrackedSinkWriter<T>
      implements CommittingSinkWriter<T, Object> {
    Committing(SinkWriter<T> inner, SinkTimer<T> timer, boolean wrapsCommittables) {
      super(inner, timer, wrapsCommittables);
    }

    @Override
    public Collection<Object> prepareCommit() throws IOException, InterruptedException {
      return prepareCommitTracked();
    }
  }

  private static final class CommittingStateful<T> extends Committing<T>
      implements StatefulSinkWriter<T, Object> {
    CommittingStateful(SinkWriter<T> inner, SinkTimer<T> timer, boolean wrapsCommittables) {
      super(inner, timer, wrapsCommittables);
    }

    @Override
    public List<Object> snapshotState(long checkpointId) throws IOException {
      return snapshotStateOfInner(checkpointId);
    }
  }

  private static final class Stateful<T> extends TrackedSinkWriter<T>
      implements StatefulSinkWriter<T, Object> {
    Stateful(SinkWriter<T> inner, SinkTimer<T> timer) {
      super(inner, timer, false);
    }

    @Override
    public List<Object> snapshotState(long checkpointId) throws IOException {
      return snapshotStateOfInner(checkpointId);
    }
  }
}
