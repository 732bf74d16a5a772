package io.streamkit.submitter;

import java.util.Locale;
import org.apache.flink.api.common.JobStatus;

/**
 * The states of a recorded job run (docs/jobs.md has the diagram). A run starts {@code submitted};
 * reconciliation with the cluster moves it along Flink's own states; {@code stopped} is a stop with
 * a savepoint made through {@code bin/streamkit}; {@code lost} means the cluster no longer knows
 * the job (restarted without HA, or another cluster behind the address).
 */
enum JobState {
  SUBMITTED,
  RUNNING,
  RESTARTING,
  FAILING,
  FINISHED,
  FAILED,
  CANCELED,
  STOPPED,
  LOST;

  boolean terminal() {
    return this == FINISHED
        || this == FAILED
        || this == CANCELED
        || this == STOPPED
        || this == LOST;
  }

  /** The run's state for Flink's status of its job; a stop made here stays {@code stopped}. */
  static JobState of(JobStatus status, JobState recorded) {
    return switch (status) {
      case INITIALIZING, CREATED, RECONCILING -> SUBMITTED;
      case RUNNING -> RUNNING;
      case RESTARTING, SUSPENDED -> RESTARTING;
      case FAILING -> FAILING;
      case FINISHED -> FINISHED;
      case FAILED -> FAILED;
      case CANCELLING, CANCELED -> recorded == STOPPED ? STOPPED : CANCELED;
    };
  }

  static JobState parse(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }

  /** As stored and shown: lower case. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
