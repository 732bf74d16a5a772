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

  static final String AUTH_ENABLED =
      def(
          PREFIX + "authentication.enabled",
          "Boolean",
          "false",
          "the driver registers a random secret for the application with the master, and the"
              + " driver and executors prove it on every connection; required by servers with"
              + " streamkit.shuffle.authentication.enabled");
  static final String SSL_ENABLED =
      def(
          PREFIX + "ssl.enabled",
          "Boolean",
          "false",
          "TLS towards the master and workers (servers with streamkit.shuffle.ssl.enabled); the"
              + " servers' certificates must name the hosts they are reached at");
  static final String SSL_TRUSTSTORE =
      def(
          PREFIX + "ssl.truststore",
          "String",
          "",
          "keystore (PKCS12 or JKS) with the certificates to trust, at this path on the driver"
              + " and every executor; unset, the Java runtime's default authorities");
  static final String SSL_TRUSTSTORE_PASSWORD =
      def(PREFIX + "ssl.truststore-password", "String", "", "password of the truststore");

  final String master;
  final boolean authentication;
  final boolean ssl;
  final String truststore;
  final String truststorePassword;
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
    authentication = conf.getBoolean(AUTH_ENABLED, false);
    ssl = conf.getBoolean(SSL_ENABLED, false);
    truststore = conf.get(SSL_TRUSTSTORE, defaultOf(SSL_TRUSTSTORE));
    truststorePassword = conf.get(SSL_TRUSTSTORE_PASSWORD, defaultOf(SSL_TRUSTSTORE_PASSWORD));
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
