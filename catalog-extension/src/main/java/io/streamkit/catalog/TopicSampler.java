package io.streamkit.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the most recent message values of a topic: up to {@code max} in all, the last ones of each
 * partition, within a time budget. It joins no consumer group and commits nothing.
 */
final class TopicSampler {
  private TopicSampler() {}

  /**
   * The topic could not be read (the cluster's errors, e.g. authentication). Ours, not Kafka's: the
   * classes that catch it load without the Kafka client on the class path.
   */
  static final class CannotSample extends RuntimeException {
    CannotSample(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static List<byte[]> recentValues(
      Map<String, String> cluster, String topic, int max, Duration budget) {
    try {
      return read(cluster, topic, max, budget);
    } catch (KafkaException e) {
      throw new CannotSample(e.getMessage(), e);
    }
  }

  private static List<byte[]> read(
      Map<String, String> cluster, String topic, int max, Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            config(cluster, budget), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, budget);
      if (infos == null || infos.isEmpty()) {
        return List.of();
      }
      List<TopicPartition> partitions = new ArrayList<>();
      infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, budget);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, budget);
      long perPartition = Math.max(1, max / partitions.size());
      Map<TopicPartition, Long> remaining = new HashMap<>();
      List<TopicPartition> readable = new ArrayList<>();
      for (TopicPartition p : partitions) {
        long from = Math.max(begins.get(p), ends.get(p) - perPartition);
        if (from < ends.get(p)) {
          readable.add(p);
          remaining.put(p, ends.get(p));
        }
      }
      List<byte[]> values = new ArrayList<>();
      if (readable.isEmpty()) {
        return values;
      }
      consumer.assign(readable);
      for (TopicPartition p : readable) {
        consumer.seek(p, Math.max(begins.get(p), ends.get(p) - perPartition));
      }
      while (!remaining.isEmpty() && values.size() < max && System.nanoTime() < deadline) {
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        for (ConsumerRecord<byte[], byte[]> r :
            consumer.poll(Duration.ofMillis(Math.min(100, left)))) {
          if (values.size() < max) {
            values.add(r.value());
          }
          TopicPartition p = new TopicPartition(r.topic(), r.partition());
          if (r.offset() + 1 >= remaining.getOrDefault(p, Long.MAX_VALUE)) {
            remaining.remove(p);
          }
        }
        // Transaction markers and compacted gaps: a partition is done when its position is at end.
        remaining.keySet().removeIf(p -> consumer.position(p) >= ends.get(p));
      }
      return values;
    }
  }

  private static Properties config(Map<String, String> cluster, Duration budget) {
    Properties config = KafkaClusters.clientProperties(cluster);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    // The records are there already: a fetch that finds a partition's end need not wait 500 ms.
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
    int ms = (int) Math.max(1_000, budget.toMillis());
    config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    return config;
  }
}
