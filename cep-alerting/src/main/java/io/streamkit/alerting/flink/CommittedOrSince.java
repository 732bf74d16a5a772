package io.streamkit.alerting.flink;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the metric source starts without a checkpoint: the group's committed offsets, else the
 * first record at or after a fixed instant (the job's submission for {@code LATEST}, the beginning
 * for {@code EARLIEST}).
 *
 * <p>Not Kafka's "latest": a job that fails before its first checkpoint restarts without one, and
 * "latest" would then skip what the failed attempt had read, so an alert it sent would start again
 * later, under another dedupe key, and the first would never resolve. A fixed instant makes the
 * restarted attempt read the same events and send the same alert.
 */
final class CommittedOrSince implements OffsetsInitializer {
  private static final long serialVersionUID = 1L;
  static final long BEGINNING = -1;

  private final long sinceMs;

  /** {@code sinceMs}: epoch millis, or {@link #BEGINNING}. */
  CommittedOrSince(long sinceMs) {
    this.sinceMs = sinceMs;
  }

  @Override
  public Map<TopicPartition, Long> getPartitionOffsets(
      Collection<TopicPartition> partitions, PartitionOffsetsRetriever retriever) {
    Map<TopicPartition, Long> offsets = new HashMap<>(retriever.committedOffsets(partitions));
    offsets.values().removeIf(o -> o == null || o < 0);
    Map<TopicPartition, Long> missing = new HashMap<>();
    for (TopicPartition p : partitions) {
      if (!offsets.containsKey(p)) {
        missing.put(p, Math.max(sinceMs, 0));
      }
    }
    if (missing.isEmpty()) {
      return offsets;
    }
    if (sinceMs == BEGINNING) {
      offsets.putAll(retriever.beginningOffsets(missing.keySet()));
      return offsets;
    }
    Map<TopicPartition, OffsetAndTimestamp> found = retriever.offsetsForTimes(missing);
    Map<TopicPartition, Long> ends = null;
    for (TopicPartition p : missing.keySet()) {
      OffsetAndTimestamp at = found.get(p);
      if (at != null) {
        offsets.put(p, at.offset());
      } else { // nothing written since: start at the end
        if (ends == null) {
          ends = retriever.endOffsets(missing.keySet());
        }
        offsets.put(p, ends.get(p));
      }
    }
    return offsets;
  }

  @Override
  public OffsetResetStrategy getAutoOffsetResetStrategy() {
    return sinceMs == BEGINNING ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST;
  }
}
