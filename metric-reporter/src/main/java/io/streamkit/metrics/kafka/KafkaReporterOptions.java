package io.streamkit.metrics.kafka;

/**
 * Keys of {@code metrics.reporter.<name>.*} for the Kafka reporter, with their defaults. Flink's
 * own reporter keys ({@code interval}, {@code filter.includes}, {@code filter.excludes}, {@code
 * scope.variables.*}) apply as for any reporter.
 */
public final class KafkaReporterOptions {
  private KafkaReporterOptions() {}

  /** Kafka brokers, {@code host:port,...}. Required. */
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

  /** Topic the metric events go to. */
  public static final String TOPIC = "topic";

  public static final String DEFAULT_TOPIC = "flink-metrics";

  /**
   * {@code platform} (throughput, Kafka lag, checkpoints, backpressure, latency) or {@code all}.
   */
  public static final String PRESET = "preset";

  public static final String DEFAULT_PRESET = "platform";

  /** Most metric events waiting for Kafka; more are dropped and counted, never blocking Flink. */
  public static final String QUEUE_CAPACITY = "queue.capacity";

  public static final int DEFAULT_QUEUE_CAPACITY = 100_000;

  /**
   * Send one event per operator instead of one per subtask: values of the subtasks in this
   * TaskManager are summed (maxima take the maximum). Default false.
   */
  public static final String AGGREGATE_SUBTASKS = "aggregate-subtasks";

  /** Keys under this prefix go to the Kafka producer, e.g. {@code producer.compression.type}. */
  public static final String PRODUCER_PREFIX = "producer.";
}
