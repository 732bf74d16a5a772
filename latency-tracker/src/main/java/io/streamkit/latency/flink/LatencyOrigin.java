package io.streamkit.latency.flink;

import java.io.Serializable;

/**
 * Where a record's origin time (epoch milliseconds) comes from, when it is not the record
 * timestamp: for example {@code event -> event.createdAt}. Return {@code Long.MIN_VALUE} when a
 * record has none; it is counted, not timed.
 */
@FunctionalInterface
public interface LatencyOrigin<T> extends Serializable {
  long NONE = Long.MIN_VALUE;

  long originMillis(T record);
}
