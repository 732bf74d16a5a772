package io.streamkit.benchmarks;

import java.util.Arrays;

/** Latency samples in nanoseconds and their percentiles. */
final class Percentiles {
  private final long[] sorted;

  Percentiles(long[] samples) {
    this.sorted = samples.clone();
    Arrays.sort(sorted);
  }

  double micros(double percentile) {
    int index =
        (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1_000.0;
  }

  double millis(double percentile) {
    return micros(percentile) / 1_000.0;
  }
}
