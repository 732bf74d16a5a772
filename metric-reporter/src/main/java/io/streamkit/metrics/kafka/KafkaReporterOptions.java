package io.streamkit.metrics.kafka;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options of the Kafka reporter, set as {@code metrics.reporter.<name>.<key>}; the keys here are
 * without that prefix, as Flink's own reporters (flink-metrics-prometheus) declare them. Flink's
 * reporter keys ({@code factory.class}, {@code interval}, {@code filter.includes}, {@code
 * filter.excludes}, {@code scope.variables.*}) apply as for any reporter. The reporter reads each
 * value, and its default, from these declarations.
 */
public final class KafkaReporterOptions {
  private KafkaReporterOptions() {}

  public static final ConfigOption<String> BOOTSTRAP_SERVERS =
      ConfigOptions.key("bootstrap.servers")
          .stringType()
          .noDefaultValue()
          .withDescription("Kafka brokers, host:port,...; required.");

  public static final ConfigOption<String> TOPIC =
      ConfigOptions.key("topic")
          .stringType()
          .defaultValue("flink-metrics")
          .withDescription("Topic the metric events go to.");

  public static final ConfigOption<String> PRESET =
      ConfigOptions.key("preset")
          .stringType()
          .defaultValue("platform")
          .withDescription(
              "Which metrics are sent: 'platform' sends throughput, Kafka lag, checkpoints,"
                  + " backpressure and every metric whose name contains 'latency' (the list is"
                  + " below); 'all' sends every metric.");

  public static final ConfigOption<Boolean> AGGREGATE_SUBTASKS =
      ConfigOptions.key("aggregate-subtasks")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Send one event per operator instead of one per subtask. This TaskManager's subtasks"
                  + " are folded together: counters and meters summed; numeric gauges summed,"
                  + " except names containing 'max', which take the maximum; boolean gauges"
                  + " OR-ed. The event drops the subtask_index, task_attempt_num and"
                  + " task_attempt_id tags and carries \"subtasks\": n (the average per subtask is"
                  + " value / subtasks). Histograms and text gauges are sent per subtask.");

  public static final ConfigOption<Integer> QUEUE_CAPACITY =
      ConfigOptions.key("queue.capacity")
          .intType()
          .defaultValue(100_000)
          .withDescription(
              "Most metric events waiting for Kafka. Beyond it, events are dropped and counted,"
                  + " never blocking Flink.");

  /**
   * Keys under this prefix go to the Kafka producer without it, e.g. {@code
   * producer.compression.type}. A pass-through, not an option of its own.
   */
  public static final String PRODUCER_PREFIX = "producer.";
}
