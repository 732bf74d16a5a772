package io.streamkit.latency.flink;

import io.streamkit.latency.Sampler;
import io.streamkit.latency.Stage;
import java.util.Arrays;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Times records as a sink writer receives them ({@code origin_to_sink_write}) and keeps the timed
 * ones until they are visible: at once for a sink without commits ({@code end_to_end} at the
 * write), else until the checkpoint hands them to the committer with their committable. At most
 * {@link #MAX_PENDING} wait per checkpoint; more are counted as untimed, so a sink without
 * checkpoints cannot grow the heap. A sink whose committables we cannot carry the records on (one
 * with a pre-commit topology) gets no {@code end_to_end} here: its write is not its visibility.
 */
final class SinkTimer<T> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SinkTimer.class);
  static final int MAX_PENDING = 10_000;

  private final Sampler sampler;
  private final LatencyOrigin<T> origin; // null: the record timestamp
  private final boolean attaches; // timed records ride on the committables to the committer
  private final boolean commitsLater; // a committer, which we cannot follow, makes them visible
  private final StageRecorder originToWrite;
  private final StageRecorder endToEnd;
  private final Counter untimed;
  private final String table;
  private boolean warnedNoTimestamp;
  private long[] origins = new long[64];
  private long[] writes = new long[64];
  private int pending;

  SinkTimer(
      MetricGroup writerGroup,
      String table,
      LatencyOrigin<T> origin,
      boolean attaches,
      boolean commitsLater,
      LatencySettings s) {
    MetricGroup group = writerGroup.addGroup("table", table);
    this.sampler = new Sampler(s.sampleRate());
    this.origin = origin;
    this.attaches = attaches;
    this.commitsLater = commitsLater;
    this.originToWrite = new StageRecorder(group, Stage.ORIGIN_TO_SINK_WRITE, s.intervalMs());
    this.endToEnd = new StageRecorder(group, Stage.END_TO_END, s.intervalMs());
    this.untimed = group.counter("latencyUntimed");
    this.table = table;
  }

  void written(T record, Long timestamp) {
    if (!sampler.sample()) {
      return;
    }
    long originMs =
        origin != null
            ? origin.originMillis(record)
            : timestamp == null ? LatencyOrigin.NONE : timestamp;
    if (originMs == LatencyOrigin.NONE) {
      if (origin == null && !warnedNoTimestamp) {
        warnedNoTimestamp = true;
        LOG.warn(
            "Records reach the sink of {} without a timestamp, so their latency cannot be"
                + " measured from it (counted in latencyUntimed). Flink SQL's projections and"
                + " joins drop record timestamps; name the origin column instead:"
                + " streamkit.latency.origin.{} = 'field:<column>'.",
            table,
            table);
      }
      untimed.inc();
      return;
    }
    long now = System.currentTimeMillis();
    originToWrite.record(now - originMs, now);
    if (!attaches) {
      if (!commitsLater) {
        endToEnd.record(now - originMs, now);
      }
    } else if (pending == MAX_PENDING) {
      untimed.inc();
    } else {
      if (pending == origins.length) {
        origins = Arrays.copyOf(origins, pending * 2);
        writes = Arrays.copyOf(writes, pending * 2);
      }
      origins[pending] = originMs;
      writes[pending] = now;
      pending++;
    }
  }

  /** The records timed since the last checkpoint, handed to a committable. */
  TrackedCommittable<Object> attachTo(Object committable) {
    TrackedCommittable<Object> tracked =
        new TrackedCommittable<>(
            committable, Arrays.copyOf(origins, pending), Arrays.copyOf(writes, pending));
    pending = 0;
    return tracked;
  }

  /**
   * A checkpoint with nothing to commit (an at-least-once sink): what was written is visible
   * already, so it ends at its write.
   */
  void visibleAtWrite() {
    for (int i = 0; i < pending; i++) {
      endToEnd.record(writes[i] - origins[i], writes[i]);
    }
    pending = 0;
  }

  /** The writer closes. */
  void finish() {
    originToWrite.finish();
    endToEnd.finish();
  }
}
