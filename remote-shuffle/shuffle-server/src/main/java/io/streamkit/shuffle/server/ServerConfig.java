package io.streamkit.shuffle.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The servers' options: a properties file plus overrides, checked against the known keys so that a
 * misspelt key is an error at start, not a default silently used.
 */
public final class ServerConfig {
  /** Every key with its default and meaning; docs/remote-shuffle.md lists the same. */
  public static final Map<String, String[]> OPTIONS = new LinkedHashMap<>();

  public static final String MASTER_HOST =
      def("streamkit.shuffle.master.host", "0.0.0.0", "address the master listens on");
  public static final String MASTER_PORT =
      def("streamkit.shuffle.master.port", "19090", "port the master listens on");
  public static final String MASTER_STORE_DIR =
      def(
          "streamkit.shuffle.master.store-dir",
          "./shuffle-master-store",
          "RocksDB directory of the master's state; a restarted master recovers the shuffles in flight from it");
  public static final String MASTER_ASSIGNMENT =
      def(
          "streamkit.shuffle.master.assignment",
          "load-aware",
          "how shuffles get workers: load-aware (fewest active partitions and buffered bytes first) or round-robin");
  public static final String MASTER_WORKER_TIMEOUT =
      def(
          "streamkit.shuffle.master.worker-timeout",
          "30s",
          "a worker without a heartbeat for this long is excluded from new shuffles");
  public static final String WORKER_HOST =
      def(
          "streamkit.shuffle.worker.host",
          "",
          "address clients push to; empty means this machine's host name");
  public static final String WORKER_PORT =
      def(
          "streamkit.shuffle.worker.port",
          "19091",
          "port the worker listens on; 0 picks a free one");
  public static final String WORKER_ID =
      def(
          "streamkit.shuffle.worker.id",
          "",
          "the worker's name in file names and logs; empty means host-port");
  public static final String WORKER_MASTER =
      def(
          "streamkit.shuffle.worker.master",
          "localhost:19090",
          "host:port of the master the worker registers with");
  public static final String WORKER_STORAGE =
      def(
          "streamkit.shuffle.worker.storage-dir",
          "file:///tmp/streamkit-shuffle",
          "file system URI under which partition files are written (hdfs://... in production); readers read it directly");
  public static final String WORKER_MEMORY =
      def(
          "streamkit.shuffle.worker.memory-budget",
          "256m",
          "bytes of received blocks waiting to be written; above it the worker stops reading from producers until writes catch up");
  public static final String WORKER_THREADS =
      def("streamkit.shuffle.worker.writer-threads", "8", "threads appending to partition files");
  public static final String WORKER_HEARTBEAT =
      def(
          "streamkit.shuffle.worker.heartbeat-interval",
          "5s",
          "how often the worker reports to the master");
  public static final String WORKER_DURABILITY =
      def(
          "streamkit.shuffle.worker.durability",
          "hflush",
          "what a map's end waits for: hflush (visible to readers, in datanode memory) or hsync (on disk)");
  public static final String HADOOP_PREFIX = "streamkit.shuffle.hadoop.";

  private final Map<String, String> values;

  private ServerConfig(Map<String, String> values) {
    this.values = values;
  }

  private static String def(String key, String defaultValue, String doc) {
    OPTIONS.put(key, new String[] {defaultValue, doc});
    return key;
  }

  public static ServerConfig of(Map<String, String> values) {
    Map<String, String> checked = new TreeMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String key = e.getKey().trim();
      if (!OPTIONS.containsKey(key) && !key.startsWith(HADOOP_PREFIX)) {
        throw new IllegalArgumentException(
            "unknown option '"
                + key
                + "'; known options: "
                + String.join(", ", OPTIONS.keySet())
                + ", and "
                + HADOOP_PREFIX
                + "* for the Hadoop configuration");
      }
      checked.put(key, e.getValue().trim());
    }
    return new ServerConfig(checked);
  }

  public static ServerConfig load(Path file, Map<String, String> overrides) throws IOException {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      props.load(in);
    }
    Map<String, String> values = new TreeMap<>();
    props.forEach((k, v) -> values.put(k.toString(), v.toString()));
    values.putAll(overrides);
    return of(values);
  }

  public String get(String key) {
    return values.getOrDefault(key, OPTIONS.get(key)[0]);
  }

  public int getInt(String key) {
    try {
      return Integer.parseInt(get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, not '" + get(key) + "'");
    }
  }

  public long getBytes(String key) {
    String value = get(key).toLowerCase(Locale.ROOT);
    long unit = 1;
    char last = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
    if ("kmg".indexOf(last) >= 0) {
      unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
      value = value.substring(0, value.length() - 1);
    }
    try {
      return Long.parseLong(value) * unit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a size like 256m, not '" + get(key) + "'");
    }
  }

  public Duration getDuration(String key) {
    String value = get(key).toLowerCase(Locale.ROOT);
    try {
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      }
      if (value.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
      }
      if (value.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
      }
      return Duration.ofMillis(Long.parseLong(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + " must be a duration like 30s, not '" + get(key) + "'");
    }
  }

  /** The Hadoop configuration for the file system, with streamkit.shuffle.hadoop.* applied. */
  public org.apache.hadoop.conf.Configuration hadoop() {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(HADOOP_PREFIX)) {
            conf.set(k.substring(HADOOP_PREFIX.length()), v);
          }
        });
    return conf;
  }
}
