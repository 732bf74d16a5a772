package io.streamkit.latency;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One stage's latencies cut into windows aligned to multiples of the interval since the epoch, so
 * that the windows of all subtasks line up and merge. One thread records (wait-free, HdrHistogram's
 * {@link Recorder}); any thread may read, as often as it likes: reading does not consume a window,
 * so two reporters see the same windows.
 *
 * <p>Besides the last completed window ({@link #completed}), the sketch keeps the last {@link
 * #RETAINED_WINDOWS} completed windows with values ({@link #recent}): a reporter that runs late
 * (Flink schedules reporters with a fixed delay, so at equal intervals a report drifts past a
 * window boundary now and then; a GC pause does the same) still finds every window, and a reader
 * keeps each window once by its start. They are kept by count, not age: after a quiet stretch (a
 * broker outage) the windows before it are still there for the first report after it.
 */
public final class IntervalSketch {
  /** How many completed windows with values {@link #recent} keeps. */
  public static final int RETAINED_WINDOWS = 3;

  // Three significant digits: 1 ms exact up to 2 s, 0.1% above.
  private static final int DIGITS = 3;

  private final long intervalMs;
  private final Recorder recorder = new Recorder(DIGITS);
  private final Deque<SketchWindow> recent = new ArrayDeque<>(); // guarded by this; with values
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
   * The last {@link #RETAINED_WINDOWS} windows with values that ended at or before {@code nowMs},
   * oldest first; after {@link #finish}, the final one last.
   */
  public synchronized List<SketchWindow> recent(long nowMs) {
    if (nowMs >= windowEnd) {
      rotate(nowMs);
    }
    return new ArrayList<>(recent);
  }

  /**
   * Ends recording, when the task closes: the window in progress completes at once, so the final
   * report of a finished task (metric-reporter reads the gauge once more when Flink removes it)
   * carries the values of its last seconds next to the windows no report may have read yet.
   */
  public synchronized SketchWindow finish(long nowMs) {
    if (nowMs >= windowEnd) {
      rotate(nowMs);
    }
    if (windowEnd == Long.MAX_VALUE) {
      return completed; // finished already
    }
    SketchWindow last =
        new SketchWindow(windowStart, windowEnd, skewedInWindow, recorder.getIntervalHistogram());
    if (hasValues(last) || !hasValues(completed)) {
      completed = last;
    }
    keep(last);
    skewedInWindow = 0;
    windowEnd = Long.MAX_VALUE; // no later rotation replaces the final window
    return completed;
  }

  private synchronized void rotate(long nowMs) {
    if (nowMs < windowEnd) {
      return; // another thread rotated first
    }
    SketchWindow ended =
        new SketchWindow(windowStart, windowEnd, skewedInWindow, recorder.getIntervalHistogram());
    long next = alignDown(nowMs);
    // Whole windows passed without a record: the last completed one is the empty one before now.
    completed = next > ended.end() && !hasValues(ended) ? empty(next - intervalMs, next) : ended;
    keep(ended);
    skewedInWindow = 0;
    windowStart = next;
    windowEnd = next + intervalMs;
  }

  private void keep(SketchWindow window) {
    if (hasValues(window)) {
      recent.addLast(window);
      if (recent.size() > RETAINED_WINDOWS) {
        recent.removeFirst();
      }
    }
  }

  private static boolean hasValues(SketchWindow window) {
    return window.count() > 0 || window.skewed() > 0;
  }

  private long alignDown(long nowMs) {
    return Math.floorDiv(nowMs, intervalMs) * intervalMs;
  }

  private static SketchWindow empty(long start, long end) {
    return new SketchWindow(start, end, 0, new Histogram(DIGITS));
  }
}
