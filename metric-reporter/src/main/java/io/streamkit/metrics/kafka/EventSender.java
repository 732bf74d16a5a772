package io.streamkit.metrics.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands metric events to Kafka on its own thread. {@link #offer} never blocks: when Kafka is slow
 * or down the bounded queue fills and further events are dropped and counted. Only this thread ever
 * waits for Kafka (metadata, full buffers).
 */
final class EventSender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventSender.class);
  private static final long LOG_EVERY_MS = 60_000;

  private final String topic;
  private final Properties producerConfig;
  private final ArrayBlockingQueue<ProducerRecord<String, String>> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long lastDropLog;

  EventSender(String topic, Properties producerConfig, int capacity) {
    this.topic = topic;
    this.producerConfig = producerConfig;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::run, "streamkit-metrics-kafka-sender");
    // The Kafka client resolves its class-typed settings (serializers, the relocated
    // DefaultJwtRetriever default, ...) through the context class loader. Flink calls open() with
    // its own loader as context, which cannot see the classes relocated inside the plugin jar.
    this.thread.setContextClassLoader(EventSender.class.getClassLoader());
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues an event; false (and counted) when the queue is full. */
  boolean offer(String key, String event) {
    if (queue.offer(new ProducerRecord<>(topic, key, event))) {
      return true;
    }
    drop(1, "the queue is full (Kafka slow or unreachable)");
    return false;
  }

  long dropped() {
    return dropped.get();
  }

  long sent() {
    return sent.get();
  }

  private void drop(long n, String why) {
    long total = dropped.addAndGet(n);
    long now = System.currentTimeMillis();
    if (now - lastDropLog > LOG_EVERY_MS) {
      lastDropLog = now;
      LOG.warn("Dropped metric events because {}; {} dropped so far.", why, total);
    }
  }

  private void run() {
    Properties props = new Properties();
    props.put(ProducerConfig.ACKS_CONFIG, "1");
    // A report arrives as one burst: 5 ms gathers it into batches without holding the last batch
    // back (200 ms here once cost the alert job's detection latency a fifth of a second).
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    props.putAll(producerConfig);
    KafkaProducer<String, String> producer;
    try {
      producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    } catch (RuntimeException | LinkageError e) {
      LOG.error("Cannot create the Kafka producer for metric events; none will be sent.", e);
      running = false;
      queue.clear();
      return;
    }
    List<ProducerRecord<String, String>> batch = new ArrayList<>(512);
    try {
      while (running || !queue.isEmpty()) {
        ProducerRecord<String, String> first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, 511);
        for (ProducerRecord<String, String> record : batch) {
          try {
            producer.send(
                record,
                (metadata, error) -> {
                  if (error == null) {
                    sent.incrementAndGet();
                  } else {
                    drop(1, "Kafka rejected them: " + error.getMessage());
                  }
                });
          } catch (RuntimeException e) {
            drop(1, "sending failed: " + e.getMessage());
          }
        }
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      producer.close(Duration.ofSeconds(5));
    }
  }

  /** Sends what is queued within {@code timeout}, then stops. */
  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  void close(Duration timeout) {
    running = false;
    try {
      thread.join(timeout.toMillis() + 6_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
