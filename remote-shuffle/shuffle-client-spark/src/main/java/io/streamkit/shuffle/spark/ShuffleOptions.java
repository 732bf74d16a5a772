package io.streamkit.shuffle.spark;

import java.io.Serializable;
import java.time.Duration;
import org.apache.spark.SparkConf;

/** The client's {@code spark.streamkit.shuffle.*} options, with their defaults. */
final class ShuffleOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  static final String PREFIX = "spark.streamkit.shuffle.";
  static final String MASTER = PREFIX + "master";
  static final String BLOCK_SIZE = PREFIX + "writer.block-size";
  static final String BUFFER_SIZE = PREFIX + "writer.buffer-size";
  static final String MAX_IN_FLIGHT = PREFIX + "writer.max-in-flight";
  static final String PUSH_TIMEOUT = PREFIX + "push.timeout";
  static final String RPC_TIMEOUT = PREFIX + "rpc.timeout";
  static final String RETRY_WORKER_AFTER = PREFIX + "worker.retry-after";

  final String master;
  final long blockSize;
  final long bufferSize;
  final long maxInFlight;
  final Duration pushTimeout;
  final Duration rpcTimeout;
  final Duration retryWorkerAfter;

  private ShuffleOptions(SparkConf conf) {
    master = conf.get(MASTER, "");
    if (!master.matches("[^:\\s]+:\\d+")) {
      throw new IllegalArgumentException(
          MASTER
              + " must be the shuffle master's host:port (started with 'bin/streamkit-shuffle"
              + " master'), not '"
              + master
              + "'");
    }
    blockSize = conf.getSizeAsBytes(BLOCK_SIZE, "1m");
    bufferSize = conf.getSizeAsBytes(BUFFER_SIZE, "64m");
    maxInFlight = Math.min(conf.getSizeAsBytes(MAX_IN_FLIGHT, "64m"), Integer.MAX_VALUE);
    pushTimeout = Duration.ofMillis(conf.getTimeAsMs(PUSH_TIMEOUT, "120s"));
    rpcTimeout = Duration.ofMillis(conf.getTimeAsMs(RPC_TIMEOUT, "30s"));
    retryWorkerAfter = Duration.ofMillis(conf.getTimeAsMs(RETRY_WORKER_AFTER, "60s"));
    if (blockSize <= 0 || bufferSize < blockSize || maxInFlight < blockSize) {
      throw new IllegalArgumentException(
          BLOCK_SIZE + " must be positive and at most " + BUFFER_SIZE + " and " + MAX_IN_FLIGHT);
    }
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
