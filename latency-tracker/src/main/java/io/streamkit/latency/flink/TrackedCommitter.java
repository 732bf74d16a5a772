package io.streamkit.latency.flink;

import io.streamkit.latency.Stage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.MetricGroup;

/**
 * Commits through the wrapped committer and then times the records each committed committable made
 * visible: {@code sink_write_to_commit} and {@code end_to_end}. A committable the wrapped committer
 * retries or fails is timed when it finally commits, or not at all.
 */
final class TrackedCommitter<C> implements Committer<TrackedCommittable<C>> {
  private final Committer<C> inner;
  private final StageRecorder writeToCommit;
  private final StageRecorder endToEnd;

  TrackedCommitter(
      Committer<C> inner, MetricGroup committerGroup, String table, LatencySettings s) {
    this.inner = inner;
    MetricGroup group = committerGroup.addGroup("table", table);
    this.writeToCommit = new StageRecorder(group, Stage.SINK_WRITE_TO_COMMIT, s.intervalMs());
    this.endToEnd = new StageRecorder(group, Stage.END_TO_END, s.intervalMs());
  }

  @Override
  public void commit(Collection<CommitRequest<TrackedCommittable<C>>> requests)
      throws IOException, InterruptedException {
    List<Request<C>> unwrapped = new ArrayList<>(requests.size());
    for (CommitRequest<TrackedCommittable<C>> request : requests) {
      unwrapped.add(new Request<>(request));
    }
    inner.commit(new ArrayList<>(unwrapped));
    long now = System.currentTimeMillis();
    for (Request<C> request : unwrapped) {
      if (request.committed) {
        TrackedCommittable<C> tracked = request.outer.getCommittable();
        for (int i = 0; i < tracked.origins().length; i++) {
          writeToCommit.record(now - tracked.writes()[i], now);
          endToEnd.record(now - tracked.origins()[i], now);
        }
      }
    }
  }

  @Override
  public void close() throws Exception {
    writeToCommit.finish();
    endToEnd.finish();
    inner.close();
  }

  /** The wrapped committer's view of a request; its answers go to Flink's request as given. */
  private static final class Request<C> implements CommitRequest<C> {
    final CommitRequest<TrackedCommittable<C>> outer;
    boolean committed = true;

    Request(CommitRequest<TrackedCommittable<C>> outer) {
      this.outer = outer;
    }

    @Override
    public C getCommittable() {
      return outer.getCommittable().committable();
    }

    @Override
    public int getNumberOfRetries() {
      return outer.getNumberOfRetries();
    }

    @Override
    public void signalFailedWithKnownReason(Throwable t) {
      committed = false;
      outer.signalFailedWithKnownReason(t);
    }

    @Override
    public void signalFailedWithUnknownReason(Throwable t) {
      committed = false;
      outer.signalFailedWithUnknownReason(t);
    }

    @Override
    public void retryLater() {
      committed = false;
      outer.retryLater();
    }

    @Override
    public void updateAndRetryLater(C committable) {
      committed = false;
      outer.updateAndRetryLater(outer.getCommittable().with(committable));
    }

    @Override
    public void signalAlreadyCommitted() {
      outer.signalAlreadyCommitted();
    }
  }
}
