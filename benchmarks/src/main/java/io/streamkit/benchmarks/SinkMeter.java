package io.streamkit.benchmarks;

import java.io.Serializable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * Rows arriving at a job's sink, for a throughput measured in steady state and reported apart from
 * the job's start-up. The sink's writers count rows and check each one; a sampler reads the counts
 * every 10 ms. Start-up is submission to the first row; the steady rate is the rows between the
 * moment {@code warmRows} had arrived and the last row, over that time. The jobs run in this JVM (a
 * MiniCluster), so the writers and the meter share static state; one job is metered at a time.
 */
final class SinkMeter implements AutoCloseable {
  private static final Set<Writer<?>> WRITERS = ConcurrentHashMap.newKeySet();
  private static final AtomicLong FIRST_ROW = new AtomicLong();
  private static final AtomicLong LAST_ROW = new AtomicLong();
  private static final AtomicLong WRONG = new AtomicLong();

  /** What the sink checks on each row (e.g. that a join found the right dimension row). */
  interface Check<T> extends Serializable {
    boolean ok(T row);
  }

  /** Start-up seconds, steady rows/s, and what the sink holds: rows, and rows failing the check. */
  record Reading(double startupSeconds, double rowsPerSecond, long rows, long wrong) {}

  private final long submitted = System.nanoTime();
  private final long warmRows;
  private final Thread sampler;
  private volatile long warmNanos;
  private volatile long warmCount;

  private SinkMeter(long warmRows) {
    this.warmRows = warmRows;
    sampler = new Thread(this::sample, "sink-meter");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Starts metering the next job; call right before submitting it. */
  static SinkMeter start(long warmRows) {
    WRITERS.clear();
    FIRST_ROW.set(0);
    LAST_ROW.set(0);
    WRONG.set(0);
    return new SinkMeter(warmRows);
  }

  static <T> Sink<T> sink(Check<T> check) {
    return context -> new Writer<>(check);
  }

  private void sample() {
    while (!Thread.currentThread().isInterrupted()) {
      long count = count();
      if (count >= warmRows) {
        warmCount = count;
        warmNanos = System.nanoTime();
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Call after the job ended. */
  Reading read() {
    sampler.interrupt();
    long rows = count();
    long first = FIRST_ROW.get();
    long last = LAST_ROW.get();
    double startup = first == 0 ? Double.NaN : (first - submitted) / 1e9;
    double rate =
        warmNanos == 0 || last <= warmNanos
            ? Double.NaN
            : (rows - warmCount) / ((last - warmNanos) / 1e9);
    return new Reading(startup, rate, rows, WRONG.get());
  }

  private static long count() {
    long sum = 0;
    for (Writer<?> w : WRITERS) {
      sum += w.published;
    }
    return sum;
  }

  @Override
  public void close() {
    sampler.interrupt();
  }

  private static final class Writer<T> implements SinkWriter<T> {
    private final Check<T> check;
    private long count;
    private long wrong;
    private boolean ended;
    // Published every 1,024 rows, so that counting costs the job next to nothing.
    private volatile long published;

    Writer(Check<T> check) {
      this.check = check;
      WRITERS.add(this);
    }

    @Override
    public void write(T row, Context context) {
      if (count++ == 0) {
        FIRST_ROW.compareAndSet(0, System.nanoTime());
      }
      if (!check.ok(row)) {
        wrong++;
      }
      if ((count & 1023) == 0) {
        published = count;
      }
    }

    @Override
    public void flush(boolean endOfInput) {
      if (endOfInput) {
        publish();
      }
    }

    @Override
    public void close() {
      publish();
    }

    /** Once, at the end of input (or at close if the job had none): the last row's time. */
    private void publish() {
      if (!ended) {
        ended = true;
        published = count;
        LAST_ROW.accumulateAndGet(System.nanoTime(), Math::max);
        WRONG.addAndGet(wrong);
      }
    }
  }
}
