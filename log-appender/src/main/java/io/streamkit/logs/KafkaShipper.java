package io.streamkit.logs;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Moves log events from the in-memory queue to Kafka on one background thread, in order. While
 * Kafka is unreachable events go to the {@link SpillBuffer}; every few seconds the oldest spilled
 * segment is retried, and only when the spill is empty do new events go to Kafka directly again.
 * The logging threads only ever touch the queue.
 */
final class KafkaShipper implements AutoCloseable {
  private static final int BATCH = 1_000;
  private static final long RETRY_MS = 2_000;

  private final String topic;
  private final Properties producerConfig;
  private final ArrayBlockingQueue<String> queue;
  private final SpillBuffer spill;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong shipped = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long deadlineNanos = Long.MAX_VALUE;
  private long nextRetry;
  private Properties producerProps;
  private KafkaProducer<String, String> producer;

  private KafkaProducer<String, String> newProducer() {
    return new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
  }

  KafkaShipper(String topic, Properties producerConfig, int capacity, SpillBuffer spill) {
    this.topic = topic;
    this.producerConfig = producerConfig;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.spill = spill;
    this.thread = new Thread(this::run, "streamkit-log-shipper");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Never blocks; false (and counted) only when the in-memory queue is full. */
  boolean offer(String event) {
    if (queue.offer(event)) {
      return true;
    }
    dropped.incrementAndGet();
    return false;
  }

  long dropped() {
    return dropped.get();
  }

  long shipped() {
    return shipped.get();
  }

  private void run() {
    Properties props = new Properties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "50");
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    // One request in flight: when a request fails, nothing sent after it has been delivered, so
    // retrying from the failed event keeps the order.
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    props.putAll(producerConfig);
    this.producerProps = props;
    producer = newProducer();
    try {
      List<String> batch = new ArrayList<>(BATCH);
      while ((running || !queue.isEmpty() || !spill.isEmpty())
          && System.nanoTime() < deadlineNanos) {
        String first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, BATCH - 1);
        }
        if (!spill.isEmpty()) {
          spillAll(batch); // keep order: nothing new overtakes what waits on disk
          if (System.currentTimeMillis() >= nextRetry && !replayOldest(producer)) {
            nextRetry = System.currentTimeMillis() + RETRY_MS;
          }
        } else if (!batch.isEmpty()) {
          List<String> failed = send(producer, batch);
          if (!failed.isEmpty()) {
            spillAll(failed);
            nextRetry = System.currentTimeMillis() + RETRY_MS;
          }
        }
        batch.clear();
      }
      // Out of time at shutdown: what is still queued goes to disk for the next start.
      List<String> rest = new ArrayList<>();
      queue.drainTo(rest);
      spillAll(rest);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      producer.close(Duration.ofSeconds(1));
      try {
        spill.close();
      } catch (IOException ignored) {
        // nothing more can be done at shutdown
      }
    }
  }

  /**
   * Sends {@code events} and waits for Kafka; returns those not acknowledged, in order. Sending
   * stops at the first event the producer refuses outright (no metadata, full buffer), so no later
   * event can overtake it; with idempotence, Kafka keeps the order of what was sent.
   */
  private List<String> send(KafkaProducer<String, String> producer, List<String> events) {
    List<Future<?>> acks = new ArrayList<>(events.size());
    for (String event : events) {
      try {
        acks.add(producer.send(new ProducerRecord<>(topic, event)));
      } catch (RuntimeException e) {
        break;
      }
    }
    List<String> failed = new ArrayList<>();
    boolean failing = false;
    for (int i = 0; i < events.size(); i++) {
      if (!failing && i < acks.size()) {
        try {
          acks.get(i).get();
          shipped.incrementAndGet();
          continue;
        } catch (Exception e) {
          failing = true; // this and everything after it is retried from disk, in order
        }
      }
      failed.add(events.get(i));
    }
    if (!failed.isEmpty()) {
      // Drop whatever the producer still holds: those events are retried from disk, in order.
      this.producer.close(Duration.ZERO);
      this.producer = newProducer();
    }
    return failed;
  }

  private boolean replayOldest(KafkaProducer<String, String> producer) {
    try {
      SpillBuffer.Segment segment = spill.oldest();
      if (segment == null) {
        return true;
      }
      List<String> failed = send(producer, segment.events());
      if (failed.isEmpty()) {
        spill.remove(segment);
        return true;
      }
      // Some of the segment may have arrived; resending all of it may duplicate (events carry ids).
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private void spillAll(List<String> events) {
    if (events.isEmpty()) {
      return;
    }
    try {
      dropped.addAndGet(spill.append(events));
    } catch (IOException e) {
      dropped.addAndGet(events.size());
    }
  }

  /** Ships what is queued within {@code timeout}; the rest waits on disk for the next start. */
  void close(Duration timeout) {
    deadlineNanos = System.nanoTime() + timeout.toNanos();
    running = false;
    try {
      thread.join(timeout.toMillis() + 3_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
