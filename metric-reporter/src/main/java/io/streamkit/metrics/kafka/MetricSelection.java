package io.streamkit.metrics.kafka;

import java.util.Locale;
import java.util.Set;

/** Which metrics a preset sends. */
enum MetricSelection {
  /**
   * What a platform's dashboards and alerts need (seed 004): throughput, lag, checkpoints,
   * backpressure, latency.
   */
  PLATFORM {
    @Override
    boolean selects(String name) {
      return PLATFORM_NAMES.contains(name) || name.toLowerCase(Locale.ROOT).contains("latency");
    }
  },
  ALL {
    @Override
    boolean selects(String name) {
      return true;
    }
  };

  private static final Set<String> PLATFORM_NAMES =
      Set.of(
          "numRecordsIn",
          "numRecordsOut",
          "numRecordsInPerSecond",
          "numRecordsOutPerSecond",
          "numBytesInPerSecond",
          "numBytesOutPerSecond",
          "pendingRecords",
          "records-lag-max",
          "currentEmitEventTimeLag",
          "currentFetchEventTimeLag",
          "lastCheckpointDuration",
          "lastCheckpointSize",
          "numberOfCompletedCheckpoints",
          "numberOfFailedCheckpoints",
          "backPressuredTimeMsPerSecond",
          "busyTimeMsPerSecond",
          "idleTimeMsPerSecond",
          "isBackPressured",
          "numRestarts",
          "uptime");

  abstract boolean selects(String name);

  static MetricSelection parse(String preset) {
    try {
      return valueOf(preset.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Unknown metrics.reporter.<name>.preset '" + preset + "': use platform or all.");
    }
  }
}
