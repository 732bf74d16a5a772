package io.streamkit.benchmarks;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What a benchmark topic holds: its record count, or the distinct streamkit event ids. */
final class TopicCount {
  private TopicCount() {}

  /** Records in all partitions (end offsets; nothing is compacted or deleted here). */
  static long records(Properties client, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(client, ByteArrayDeserializer.class)) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Distinct sequence numbers among the ids ({@code <uuid>-<n>}) of streamkit events in the topic,
   * read in full: a duplicate after a failed send counts once.
   */
  static long distinctIds(Properties client, String topic) {
    BitSet seen = new BitSet();
    try (KafkaConsumer<String, String> consumer = consumer(client, StringDeserializer.class)) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          String v = r.value();
          int id = v.indexOf("\"id\":\"");
          int close = v.indexOf('"', id + 6);
          int dash = v.lastIndexOf('-', close);
          seen.set(Integer.parseInt(v, dash + 1, close, 10));
        }
      }
    }
    return seen.cardinality();
  }

  private static <T> KafkaConsumer<T, T> consumer(Properties client, Class<?> deserializer) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, deserializer.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, deserializer.getName());
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(16 << 20));
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
    return new KafkaConsumer<>(props);
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    return consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .toList();
  }
}
