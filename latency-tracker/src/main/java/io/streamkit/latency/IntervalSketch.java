package io.streamkit.latency;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One stage's latencies cut into windows aligned to multiples of the interval since the epoch, so
 * that the windows of all subtasks line up and merge. One thread records (wait-free, HdrHistogram's
 * {@link Recorder}); any thread may read the last completed window, as often as it likes: reading
 * does not consume it, so two reporters see the same window.
 */
public final class IntervalSketch {
  // Three significant digits: 1 ms exact up to 2 s, 0.1% above.
  private static final int DIGITS = 3;

  private final long intervalMs;
  private final Recorder recorder = new Recorder(DIGITS);
  private long windowStart; // guarded by this
  private long skewedInWindow; // written by the recording thread under this
  private volatile SketchWindow completed;
  private volatile long windowEnd;

  public IntervalSketch(long intervalMs, long nowMs) {
    if (intervalMs <= 0) {
      throw new IllegalArgumentException("interval must be positive, was " + intervalMs);
    }
    this.intervalMs = intervalMs;
    this.windowStart = alignDown(nowMs);
    this.windowEnd = windowStart + intervalMs;
    this.completed = empty(windowStart - intervalMs, windowStart);
  }

  /**
   * Records one latency measured at {@code nowMs}. A negative latency (an origin in the future:
   * clock skew) is recorded as 0 and counted, so it is neither lost nor averaged in.
   *
   * @return whether the value was negative
   */
  public boolean record(long latencyMs, long nowMs) {
    if (nowMs >= windowEnd) {
      rotate(nowMs);
    }
    boolean skewed = latencyMs < 0;
    if (skewed) {
      synchronized (this) {
        skewedInWindow++;
      }
    }
    recorder.recordValue(skewed ? 0 : latencyMs);
    return skewed;
  }

  /** The last window that ended at or before {@code nowMs} (empty when nothing was recorded). */
  public SketchWindow completed(long nowMs) {
    if (nowMs >= windowEnd) {
      rotate(nowMs);
    }
    return completed;
  }

  /**
   * Ends recording, when the task closes: the window in progress becomes the completed one, so the
   * final report of a finished task (metric-reporter reads the gauge once more when Flink removes
   * it) carries the values of its last seconds. It is merged with the window completed just before
   * it, which no report may have read yet; that merged window keeps the earlier start, so a reader
   * that keeps one window per start replaces the earlier reading with the larger one.
   */
  public synchronized SketchWindow finish(long nowMs) {
    if (nowMs >= windowEnd) {
      rotate(nowMs);
    }
    if (windowEnd == Long.MAX_VALUE) {
      return completed; // finished already
    }
    Histogram partial = recorder.getIntervalHistogram();
    SketchWindow previous = completed;
    if (previous.end() == windowStart && (previous.count() > 0 || previous.skewed() > 0)) {
      Histogram merged = previous.histogram().copy();
      merged.add(partial);
      completed =
          new SketchWindow(previous.start(), windowEnd, previous.skewed() + skewedInWindow, merged);
    } else {
      completed = new SketchWindow(windowStart, windowEnd, skewedInWindow, partial);
    }
    skewedInWindow = 0;
    windowEnd = Long.MAX_VALUE; // no later rotation replaces the final window
    return completed;
  }

  private synchronized void rotate(long nowMs) {
    if (nowMs < windowEnd) {
      return; // another thread rotated first
    }
    Histogram values = recorder.getIntervalHistogram();
    long start = windowStart;
    long end = windowEnd;
    long next = alignDown(nowMs);
    if (next > end) {
      // Whole windows passed without a record: the last completed one is the empty one before now.
      completed =
          values.getTotalCount() == 0 && skewedInWindow == 0
              ? empty(next - intervalMs, next)
              : new SketchWindow(start, end, skewedInWindow, values);
    } else {
      completed = new SketchWindow(start, end, skewedInWindow, values);
    }
    skewedInWindow = 0;
    windowStart = next;
    windowEnd = next + intervalMs;
  }

  private long alignDown(long nowMs) {
    return Math.floorDiv(nowMs, intervalMs) * intervalMs;
  }

  private static SketchWindow empty(long start, long end) {
    return new SketchWindow(start, end, 0, new Histogram(DIGITS));
  }
}
