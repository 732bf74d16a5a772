package io.streamkit.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/** Samples the JVM's used heap every 50 ms on a daemon thread and keeps the peak. */
final class PeakHeap implements AutoCloseable {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private final AtomicLong peak = new AtomicLong();
  private final Thread sampler;

  private PeakHeap() {
    sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "peak-heap");
    sampler.setDaemon(true);
    sampler.start();
  }

  static PeakHeap start() {
    return new PeakHeap();
  }

  /** Heap in use right now. */
  static long used() {
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  /** The highest used heap seen so far, in bytes. */
  long peak() {
    return Math.max(peak.get(), used());
  }

  @Override
  public void close() {
    sampler.interrupt();
  }
}
