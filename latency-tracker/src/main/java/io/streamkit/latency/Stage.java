package io.streamkit.latency;

/**
 * The hops of a record's life that the tracker times. Each is measured on one record (a sampled
 * one), never derived from other stages' percentiles.
 */
public enum Stage {
  /** The record's origin time to the time Kafka holds for it (its record timestamp). */
  ORIGIN_TO_KAFKA("origin_to_kafka"),
  /** The record timestamp the source hands over (Kafka's) to the moment the source emits it. */
  KAFKA_TO_SOURCE("kafka_to_source"),
  /** The origin time to the moment the sink writer receives the record. */
  ORIGIN_TO_SINK_WRITE("origin_to_sink_write"),
  /** The sink's write to its commit: the extra delay a transactional sink adds for its readers. */
  SINK_WRITE_TO_COMMIT("sink_write_to_commit"),
  /** The origin time to the moment the record is visible downstream: the commit, or the write. */
  END_TO_END("end_to_end");

  private final String id;

  Stage(String id) {
    this.id = id;
  }

  /** The name in metric tags, reports and docs. */
  public String id() {
    return id;
  }
}
