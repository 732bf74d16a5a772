package io.streamkit.latency.flink;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.ReadableConfig;

/** How one tracked source or sink samples and windows its latencies. Immutable. */
public final class LatencySettings implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double sampleRate;
  private final long intervalMs;

  private LatencySettings(double sampleRate, long intervalMs) {
    if (!(sampleRate >= 0 && sampleRate <= 1)) {
      throw new IllegalArgumentException(
          "'"
              + LatencyTrackerOptions.SAMPLE_RATE.key()
              + "' must be within 0 and 1 (1 times every record), was "
              + sampleRate);
    }
    if (intervalMs < 1) {
      throw new IllegalArgumentException(
          "'" + LatencyTrackerOptions.INTERVAL.key() + "' must be at least 1 ms");
    }
    this.sampleRate = sampleRate;
    this.intervalMs = intervalMs;
  }

  /** The declared defaults of {@link LatencyTrackerOptions}. */
  public static LatencySettings defaults() {
    return new LatencySettings(
        LatencyTrackerOptions.SAMPLE_RATE.defaultValue(),
        LatencyTrackerOptions.INTERVAL.defaultValue().toMillis());
  }

  /** The settings a job configuration gives. */
  public static LatencySettings from(ReadableConfig config) {
    return new LatencySettings(
        config.get(LatencyTrackerOptions.SAMPLE_RATE),
        config.get(LatencyTrackerOptions.INTERVAL).toMillis());
  }

  public LatencySettings withSampleRate(double rate) {
    return new LatencySettings(rate, intervalMs);
  }

  public LatencySettings withInterval(Duration interval) {
    return new LatencySettings(sampleRate, interval.toMillis());
  }

  public double sampleRate() {
    return sampleRate;
  }

  public long intervalMs() {
    return intervalMs;
  }
}
