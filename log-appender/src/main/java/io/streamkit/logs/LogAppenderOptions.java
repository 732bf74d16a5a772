package io.streamkit.logs;

import java.util.List;

/**
 * The attributes of {@code <StreamkitKafka ...>} (in a properties file, {@code
 * appender.<name>.<attribute>}), each declared once with its type, default and description. The
 * builder's fields start from these defaults, and docs/log-appender.md's table is generated from
 * them ({@code OptionsDocTest}). Log4j2's own appender attributes ({@code name}, {@code filter},
 * {@code layout}, ...) and the nested {@code Property} elements for the producer are not listed.
 */
final class LogAppenderOptions {
  private LogAppenderOptions() {}

  /**
   * One attribute.
   *
   * @param name the attribute users write, the name of the builder's field
   * @param type the builder field's type, boxed
   * @param defaultValue {@code null} for none
   * @param description one line that does not repeat the default
   */
  record Option<T>(String name, Class<T> type, T defaultValue, String description) {}

  static final Option<String> BOOTSTRAP_SERVERS =
      new Option<>(
          "bootstrapServers", String.class, null, "Kafka brokers, host:port,...; required.");

  static final Option<String> TOPIC =
      new Option<>("topic", String.class, "flink-logs", "Topic the log events go to.");

  static final Option<Integer> QUEUE_CAPACITY =
      new Option<>(
          "queueCapacity",
          Integer.class,
          100_000,
          "Lines held in memory for the drainer thread. When it is full, the logging thread writes"
              + " the queue to `spillDirectory` itself: a local disk write, never a wait for Kafka.");

  static final Option<String> SPILL_DIRECTORY =
      new Option<>(
          "spillDirectory",
          String.class,
          null,
          "Where lines wait while Kafka is unreachable; unset,"
              + " `<java.io.tmpdir>/streamkit-log-spill/<appender name>`. Use a persistent local"
              + " directory: segments left by a stopped process are sent when the next one starts."
              + " Appenders sharing it (a JobManager and TaskManagers on one host) each lock a"
              + " numbered subdirectory of their own.");

  static final Option<Long> SPILL_MAX_BYTES =
      new Option<>(
          "spillMaxBytes",
          Long.class,
          512L << 20,
          "Disk budget of `spillDirectory`, in bytes. Lines that do not fit are dropped and counted.");

  static final Option<Long> SHUTDOWN_TIMEOUT_MILLIS =
      new Option<>(
          "shutdownTimeoutMillis",
          Long.class,
          5_000L,
          "At shutdown, how long to keep sending, in milliseconds. What is left stays on disk for"
              + " the next start.");

  /** Every attribute, in the order of the docs. */
  static List<Option<?>> all() {
    return List.of(
        BOOTSTRAP_SERVERS,
        TOPIC,
        QUEUE_CAPACITY,
        SPILL_DIRECTORY,
        SPILL_MAX_BYTES,
        SHUTDOWN_TIMEOUT_MILLIS);
  }
}
