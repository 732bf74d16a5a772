package io.streamkit.latency;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks which records are timed: on average {@code rate} of them, at random gaps so that periodic
 * data cannot line up with the sampling. One instance per writer thread; the common case (not
 * sampled) is a decrement and a compare.
 */
public final class Sampler {
  private final double rate;
  private long skip;

  public Sampler(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("sample rate must be within 0 and 1, was " + rate);
    }
    this.rate = rate;
    this.skip = nextSkip();
  }

  /** Whether to time the current record. */
  public boolean sample() {
    if (skip > 0) {
      skip--;
      return false;
    }
    if (rate == 0) {
      return false;
    }
    skip = nextSkip();
    return true;
  }

  // Records to pass before the next sampled one: geometric with mean (1 - rate) / rate.
  private long nextSkip() {
    if (rate >= 1) {
      return 0;
    }
    if (rate == 0) {
      return Long.MAX_VALUE;
    }
    double u = 1.0 - ThreadLocalRandom.current().nextDouble(); // (0, 1]
    return (long) Math.floor(Math.log(u) / Math.log1p(-rate));
  }
}
