package io.streamkit.logs;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * Moves log events from the in-memory queue to Kafka, in order, on two background threads so that a
 * slow or absent Kafka can never back up into the logging threads:
 *
 * <ul>
 *   <li>the <b>drainer</b> never talks to Kafka: it takes events off the queue in batches and hands
 *       them to the sender, or, when the sender is behind or anything already waits on disk,
 *       appends them to the {@link SpillBuffer};
 *   <li>the <b>sender</b> delivers the handed-over batches first (they are older than anything on
 *       disk), then the oldest spilled segment, retrying a failed delivery from the first event
 *       Kafka did not acknowledge, every few seconds, until it succeeds.
 * </ul>
 *
 * When the queue is full, the logging thread spills the queue and its event itself (a local disk
 * write, never a wait for Kafka). Events are lost only when the disk budget is full, and counted.
 */
final class KafkaShipper implements AutoCloseable {
  /**
   * Logger-name prefix of the Kafka client this appender ships with, read from the producer's class
   * at run time: {@code org.apache.kafka.} in the plain jar, {@code
   * io.streamkit.logs.shaded.org.apache.kafka.} in the {@code -flink} jar. A string literal would
   * be rewritten by the relocation and mean something else in each jar.
   */
  static final String CLIENT_LOGGERS = clientLoggers();

  /**
   * True in the {@code -flink} jar: the relocated client is used by nothing but this appender, so
   * all its logs are ours. In the plain jar the job's own Kafka client shares the package.
   */
  static final boolean PRIVATE_CLIENT =
      CLIENT_LOGGERS.startsWith(KafkaShipper.class.getPackageName() + ".");

  private static final String DRAINER_THREAD = "streamkit-log-drainer";
  private static final String SENDER_THREAD = "streamkit-log-sender";
  private static final int BATCH = 5_000;
  private static final int HANDOFF_BATCHES = 8;
  private static final long RETRY_MS = 2_000;
  private static final long REPORT_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  /**
   * Log4j's own status logger (stderr, the process's .out file): the appender cannot report its
   * failures through the logging it serves.
   */
  private static final Logger STATUS = StatusLogger.getLogger();

  /** How long the drainer sleeps when the queue is empty; offers never wake it. */
  private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final String topic;
  private final String key;
  private final EventQueue queue;
  private final ArrayBlockingQueue<List<String>> handoff =
      new ArrayBlockingQueue<>(HANDOFF_BATCHES);
  private final SpillBuffer spill;
  private final Properties producerProps;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong overflows = new AtomicLong();

  /** Held while events move from the queue to the sender or the disk, so they keep their order. */
  private final ReentrantLock dispatch = new ReentrantLock();

  private final Thread drainer;
  private final Thread sender;
  private volatile boolean running = true;
  private volatile boolean drained;
  private volatile long deadlineNanos = Long.MAX_VALUE;
  private long lastReportNanos = System.nanoTime() - REPORT_EVERY_NANOS;
  private final String networkThread;
  private KafkaProducer<String, String> producer;

  /**
   * @param key the record key of every event: one appender's events go to one partition, so they
   *     stay in order on a topic with several partitions.
   */
  KafkaShipper(
      String topic, String key, Properties producerConfig, int capacity, SpillBuffer spill) {
    this.topic = topic;
    this.key = key;
    this.queue = new EventQueue(capacity);
    this.spill = spill;
    Properties props = new Properties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    // The sender waits for Kafka as long as it takes (the drainer spills meanwhile), so a batch
    // never expires while a later one gets through: retries in the producer keep the order.
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Integer.MAX_VALUE));
    // One request in flight: when a request fails, nothing sent after it has been delivered, so
    // retrying from the failed event keeps the order.
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    props.putAll(producerConfig);
    CompressionCodecs.requireAvailable(
        props.get(ProducerConfig.COMPRESSION_TYPE_CONFIG), KafkaShipper.class.getClassLoader());
    // A known client id names the producer's I/O thread, whose logs are the appender's own.
    String clientId = props.getProperty(ProducerConfig.CLIENT_ID_CONFIG);
    if (clientId == null || clientId.isBlank()) {
      clientId = "streamkit-log-appender-" + key;
      props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    }
    this.networkThread = KafkaProducer.NETWORK_THREAD_PREFIX + " | " + clientId;
    this.producerProps = props;
    this.drainer = new Thread(this::drain, DRAINER_THREAD);
    this.sender = new Thread(this::send, SENDER_THREAD);
    drainer.setDaemon(true);
    sender.setDaemon(true);
    drainer.start();
    sender.start();
  }

  /**
   * Whether a log event comes from this appender's own Kafka client, whose logs must not come back
   * into the appender (a feedback loop: every send it makes would log, and each log line be sent).
   * That is a logger under {@link #CLIENT_LOGGERS}, and, where the job's Kafka client shares that
   * package (the plain jar), logged on one of the threads that run it: the drainer, the sender or
   * the producer's I/O thread. Logs of the job's own Kafka client are shipped.
   */
  boolean isOwnClientLog(String logger, String thread) {
    return logger != null
        && logger.startsWith(CLIENT_LOGGERS)
        && (PRIVATE_CLIENT
            || SENDER_THREAD.equals(thread)
            || DRAINER_THREAD.equals(thread)
            || networkThread.equals(thread));
  }

  private static String clientLoggers() {
    String producerPackage = KafkaProducer.class.getPackageName(); // <root>.clients.producer
    String suffix = ".clients.producer";
    if (!producerPackage.endsWith(suffix)) {
      throw new IllegalStateException("Unexpected Kafka client package " + producerPackage);
    }
    return producerPackage.substring(0, producerPackage.length() - suffix.length() + 1);
  }

  /**
   * Queues {@code event}; never waits for Kafka. When the in-memory queue is full (Kafka or the
   * drainer is behind), the calling thread moves the queue and its own event to the spill directory
   * itself, so the event is not lost and the order stays: the call then costs a local disk write.
   * False (and counted) only when the disk budget is full too.
   */
  boolean offer(String event) {
    if (queue.offer(event)) {
      return true;
    }
    return overflow(event);
  }

  private boolean overflow(String event) {
    List<String> older = new ArrayList<>();
    dispatch.lock();
    try {
      // Whatever the queue holds goes after what is on disk, so a retry keeps the order too.
      if (queue.offer(event)) {
        return true; // the drainer made room meanwhile
      }
      overflows.incrementAndGet();
      // Everything claimed before this line, including a slot claimed but not written yet: a
      // line of this thread may sit behind such a gap, and must not arrive after this one.
      queue.drainClaimed(older);
      older.add(event);
      return spillAll(older, false) == 0;
    } finally {
      dispatch.unlock();
    }
  }

  /** How often a logging thread found the queue full and wrote to the spill directory itself. */
  long overflows() {
    return overflows.get();
  }

  long dropped() {
    return dropped.get();
  }

  private void drain() {
    try {
      List<String> batch = new ArrayList<>(BATCH);
      while ((running || !queue.isEmpty()) && !pastDeadline()) {
        if (queue.isEmpty()) {
          LockSupport.parkNanos(IDLE_NANOS);
          continue;
        }
        // Taking a batch and passing it on is one step for a logging thread that overflows.
        dispatch.lock();
        try {
          if (queue.drainTo(batch, BATCH) == 0) {
            continue;
          }
          // Nothing new overtakes what waits on disk; a sender that is behind is not waited for.
          if (!spill.isEmpty() || !handoff.offer(batch)) {
            spillAll(batch, false);
          }
        } finally {
          dispatch.unlock();
        }
        batch = new ArrayList<>(BATCH);
      }
      // Out of time at shutdown: what is still queued is the newest; it waits on disk.
      List<String> rest = new ArrayList<>();
      while (queue.drainTo(rest, Integer.MAX_VALUE) > 0) {
        // a line claimed but not yet written stops drainTo; the loop picks it up
      }
      spillAll(rest, false);
    } finally {
      drained = true;
    }
  }

  private void send() {
    producer = newProducer();
    List<String> pending = null; // a handed-over batch not yet acknowledged in full
    try {
      while (!pastDeadline()) {
        if (pending == null) {
          pending = withWaitingBatches(handoff.poll());
        }
        if (pending != null) {
          pending = deliver(pending);
          if (!pending.isEmpty()) {
            pause();
          } else {
            pending = null;
          }
          continue;
        }
        if (!spill.isEmpty()) {
          SpillBuffer.Segment segment = spill.oldest();
          // A partly delivered segment is sent again in full: events carry ids for dedup.
          if (segment != null && deliver(segment.events()).isEmpty()) {
            spill.remove(segment);
          } else {
            pause();
          }
          continue;
        }
        if (drained && handoff.isEmpty()) {
          return;
        }
        pending = withWaitingBatches(handoff.poll(100, TimeUnit.MILLISECONDS));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the spill directory is unusable: what is on disk stays there for the next start
    } finally {
      // Out of time: what was handed over is older than anything on disk, so it goes first.
      List<String> unsent = new ArrayList<>();
      if (pending != null) {
        unsent.addAll(pending);
      }
      awaitDrainer();
      for (List<String> batch; (batch = handoff.poll()) != null; ) {
        unsent.addAll(batch);
      }
      spillAll(unsent, true);
      producer.close(Duration.ofSeconds(1));
    }
  }

  /**
   * {@code first} followed by the batches handed over after it, in order: one delivery, one wait
   * for Kafka, for all that is waiting.
   */
  private List<String> withWaitingBatches(List<String> first) {
    if (first == null || handoff.isEmpty()) {
      return first;
    }
    List<String> all = new ArrayList<>(first.size() * (handoff.size() + 1));
    all.addAll(first);
    for (List<String> next; (next = handoff.poll()) != null; ) {
      all.addAll(next);
    }
    return all;
  }

  /**
   * Sends {@code events} and waits for Kafka; returns those not acknowledged, in order. Sending
   * stops at the first event the producer refuses outright (no metadata, full buffer), so no later
   * event can overtake it; with idempotence, Kafka keeps the order of what was sent.
   */
  private List<String> deliver(List<String> events) {
    List<Future<?>> acks = new ArrayList<>(events.size());
    for (String event : events) {
      try {
        acks.add(producer.send(new ProducerRecord<>(topic, key, event)));
      } catch (RuntimeException e) {
        report(e);
        break;
      }
    }
    if (acks.size() == events.size() && deadlineNanos == Long.MAX_VALUE) {
      // All handed to the producer and waited for below anyway: send the last, partly filled
      // batch now instead of after linger.ms.
      producer.flush();
    }
    int acknowledged = 0;
    for (Future<?> ack : acks) {
      try {
        if (deadlineNanos == Long.MAX_VALUE) {
          ack.get(); // bounded by the producer's delivery timeout
        } else {
          ack.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        acknowledged++;
      } catch (Exception e) {
        report(e);
        break; // this and everything after it is retried, in order
      }
    }
    if (acknowledged == events.size()) {
      return List.of();
    }
    // Drop whatever the producer still holds: those events are retried, in order.
    producer.close(Duration.ZERO);
    producer = newProducer();
    return new ArrayList<>(events.subList(acknowledged, events.size()));
  }

  /** Says why a delivery failed, at most once a minute: it is retried until it succeeds. */
  private void report(Exception e) {
    long now = System.nanoTime();
    if (now - lastReportNanos >= REPORT_EVERY_NANOS) {
      lastReportNanos = now;
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      STATUS.error(
          "StreamkitKafka appender: sending log events to topic {} failed, retrying every {} ms"
              + " (events wait in memory, then in the spill directory): {}",
          topic,
          RETRY_MS,
          cause.toString());
    }
  }

  private KafkaProducer<String, String> newProducer() {
    return new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
  }

  private void pause() throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MS);
    while (System.nanoTime() < until && !pastDeadline()) {
      Thread.sleep(50);
    }
  }

  private boolean pastDeadline() {
    return System.nanoTime() >= deadlineNanos;
  }

  private void awaitDrainer() {
    try {
      drainer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes {@code events} to disk; returns (and counts as dropped) those that did not fit. */
  private int spillAll(List<String> events, boolean beforeTheRest) {
    if (events.isEmpty()) {
      return 0;
    }
    int refused;
    try {
      refused = beforeTheRest ? spill.prepend(events) : spill.append(events);
    } catch (IOException e) {
      refused = events.size();
    }
    dropped.addAndGet(refused);
    return refused;
  }

  /** Ships what is queued within {@code timeout}; the rest waits on disk for the next start. */
  void close(Duration timeout) {
    deadlineNanos = System.nanoTime() + timeout.toNanos();
    running = false;
    try {
      sender.join(timeout.toMillis() + 8_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      spill.close();
    } catch (IOException ignored) {
      // nothing more can be done at shutdown
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
