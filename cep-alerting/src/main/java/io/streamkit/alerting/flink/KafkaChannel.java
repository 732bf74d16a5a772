package io.streamkit.alerting.flink;

import io.streamkit.alerting.Notification;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes notifications to the alerts topic, keyed by their dedupe key (every notification of one
 * alert on one partition, in order); flushed at every checkpoint, so none is lost.
 */
final class KafkaChannel implements Channel {
  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;

  KafkaChannel(String bootstrap, String topic) {
    this.topic = topic;
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "streamkit-alerts");
    producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public void send(Notification n) {
    producer.send(
        new ProducerRecord<>(
            topic,
            n.dedupeKey().getBytes(StandardCharsets.UTF_8),
            n.toJson().getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
