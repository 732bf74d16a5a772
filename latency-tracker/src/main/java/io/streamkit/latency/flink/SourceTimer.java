package io.streamkit.latency.flink;

import io.streamkit.latency.Sampler;
import io.streamkit.latency.Stage;
import org.apache.flink.metrics.MetricGroup;

/**
 * Times records as a source emits them: {@code kafka_to_source} from the record timestamp the
 * source hands over and, when the job names an origin, {@code origin_to_kafka} from the origin to
 * that timestamp. One per source reader, used on its task thread only.
 */
final class SourceTimer<T> {
  private final Sampler sampler;
  private final LatencyOrigin<T> origin; // null: the record timestamp is the origin
  private final StageRecorder kafkaToSource;
  private final StageRecorder originToKafka; // null without an origin
  private final org.apache.flink.metrics.Counter untimed;

  SourceTimer(MetricGroup readerGroup, String table, LatencyOrigin<T> origin, LatencySettings s) {
    MetricGroup group = readerGroup.addGroup("table", table);
    this.sampler = new Sampler(s.sampleRate());
    this.origin = origin;
    this.kafkaToSource = new StageRecorder(group, Stage.KAFKA_TO_SOURCE, s.intervalMs());
    this.originToKafka =
        origin == null ? null : new StageRecorder(group, Stage.ORIGIN_TO_KAFKA, s.intervalMs());
    this.untimed = group.counter("latencyUntimed");
  }

  /** A record the source emits with its timestamp. */
  void emitted(T record, long timestamp) {
    if (!sampler.sample()) {
      return;
    }
    long now = System.currentTimeMillis();
    kafkaToSource.record(now - timestamp, now);
    if (originToKafka != null) {
      long originMs = origin.originMillis(record);
      if (originMs == LatencyOrigin.NONE) {
        untimed.inc();
      } else {
        originToKafka.record(timestamp - originMs, now);
      }
    }
  }

  /** The reader closes. */
  void finish() {
    kafkaToSource.finish();
    if (originToKafka != null) {
      originToKafka.finish();
    }
  }

  /** A record the source emits without a timestamp: nothing to time it against. */
  void emittedWithoutTimestamp() {
    if (sampler.sample()) {
      untimed.inc();
    }
  }
}
