package io.streamkit.shuffle.spark;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;

/**
 * The client's {@code spark.streamkit.shuffle.*} options, each declared once with its type, default
 * and description (docs/remote-shuffle.md's table is generated from them).
 */
final class ShuffleOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * One option, declared once: its type, its default as users write it (empty for none) and a
   * description that does not repeat the default. docs/remote-shuffle.md's table is generated from
   * these ({@code OptionsDocTest}).
   */
  record Option(String key, String type, String defaultValue, String description) {}

  private static final Map<String, Option> OPTIONS = new LinkedHashMap<>();

  static final String PREFIX = "spark.streamkit.shuffle.";
  static final String MASTER =
      def(
          PREFIX + "master",
          "String",
          "",
          "host:port of the master; required: a missing or malformed value fails at start with"
              + " this key in the message");
  static final String BLOCK_SIZE =
      def(
          PREFIX + "writer.block-size",
          "MemorySize",
          "1m",
          "a partition's buffered records are pushed as one block when they reach this size");
  static final String BUFFER_SIZE =
      def(
          PREFIX + "writer.buffer-size",
          "MemorySize",
          "64m",
          "when all partitions of a map task together buffer this much, all are pushed");
  static final String MAX_IN_FLIGHT =
      def(
          PREFIX + "writer.max-in-flight",
          "MemorySize",
          "64m",
          "bytes a map task may have pushed and not yet acknowledged; the task waits above it");
  static final String PUSH_TIMEOUT =
      def(
          PREFIX + "push.timeout",
          "Duration",
          "120s",
          "how long a push may wait for its acknowledgement before it fails over");
  static final String RPC_TIMEOUT =
      def(
          PREFIX + "rpc.timeout",
          "Duration",
          "30s",
          "connect and call timeout towards the master and workers");
  static final String RETRY_WORKER_AFTER =
      def(
          PREFIX + "worker.retry-after",
          "Duration",
          "60s",
          "how long an executor skips a worker that failed, going straight to the backups");

  final String master;
  final long blockSize;
  final long bufferSize;
  final long maxInFlight;
  final Duration pushTimeout;
  final Duration rpcTimeout;
  final Duration retryWorkerAfter;

  private ShuffleOptions(SparkConf conf) {
    master = conf.get(MASTER, defaultOf(MASTER));
    if (!master.matches("[^:\\s]+:\\d+")) {
      throw new IllegalArgumentException(
          MASTER
              + " must be the shuffle master's host:port (started with 'bin/streamkit-shuffle"
              + " master'), not '"
              + master
              + "'");
    }
    blockSize = conf.getSizeAsBytes(BLOCK_SIZE, defaultOf(BLOCK_SIZE));
    bufferSize = conf.getSizeAsBytes(BUFFER_SIZE, defaultOf(BUFFER_SIZE));
    maxInFlight =
        Math.min(conf.getSizeAsBytes(MAX_IN_FLIGHT, defaultOf(MAX_IN_FLIGHT)), Integer.MAX_VALUE);
    pushTimeout = Duration.ofMillis(conf.getTimeAsMs(PUSH_TIMEOUT, defaultOf(PUSH_TIMEOUT)));
    rpcTimeout = Duration.ofMillis(conf.getTimeAsMs(RPC_TIMEOUT, defaultOf(RPC_TIMEOUT)));
    retryWorkerAfter =
        Duration.ofMillis(conf.getTimeAsMs(RETRY_WORKER_AFTER, defaultOf(RETRY_WORKER_AFTER)));
    if (blockSize <= 0 || bufferSize < blockSize || maxInFlight < blockSize) {
      throw new IllegalArgumentException(
          BLOCK_SIZE + " must be positive and at most " + BUFFER_SIZE + " and " + MAX_IN_FLIGHT);
    }
  }

  private static String def(String key, String type, String defaultValue, String description) {
    OPTIONS.put(key, new Option(key, type, defaultValue, description));
    return key;
  }

  private static String defaultOf(String key) {
    return OPTIONS.get(key).defaultValue();
  }

  /** Every option, in the order of the docs. */
  static Collection<Option> options() {
    return Collections.unmodifiableCollection(OPTIONS.values());
  }

  static ShuffleOptions from(SparkConf conf) {
    return new ShuffleOptions(conf);
  }

  String masterHost() {
    return master.substring(0, master.lastIndexOf(':'));
  }

  int masterPort() {
    return Integer.parseInt(master.substring(master.lastIndexOf(':') + 1));
  }
}
