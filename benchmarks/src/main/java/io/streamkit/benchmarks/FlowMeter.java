package io.streamkit.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Records counted by a job running in this JVM (a MiniCluster), for a steady-state rate apart from
 * start-up: from the moment {@code warm} records had passed to the last one. The job's counting
 * function adds in blocks, so counting costs next to nothing; one job is metered at a time.
 */
final class FlowMeter {
  static final AtomicLong COUNT = new AtomicLong();
  static final AtomicLong LAST = new AtomicLong();
  private final Thread sampler;
  private volatile long warmNanos;
  private volatile long warmCount;

  static void add(long n) {
    COUNT.addAndGet(n);
    LAST.set(System.nanoTime());
  }

  static FlowMeter start(long warm) {
    COUNT.set(0);
    LAST.set(0);
    return new FlowMeter(warm);
  }

  private FlowMeter(long warm) {
    sampler =
        new Thread(
            () -> {
              while (COUNT.get() < warm) {
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
              warmCount = COUNT.get();
              warmNanos = System.nanoTime();
            },
            "flow-meter");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Steady records/s; call after the job ended. */
  double finish() throws InterruptedException {
    sampler.join(1_000);
    return (COUNT.get() - warmCount) / ((LAST.get() - warmNanos) / 1e9);
  }
}
