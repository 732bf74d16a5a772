package io.streamkit.shuffle.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
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
  /**
   * One option, declared once: its type, its default as users write it (empty for none) and a
   * description that does not repeat the default. docs/remote-shuffle.md's table is generated from
   * these ({@code OptionsDocTest}).
   */
  record Option(String key, String type, String defaultValue, String description) {}

  private static final Map<String, Option> OPTIONS = new LinkedHashMap<>();

  public static final String MASTER_HOST =
      def("streamkit.shuffle.master.host", "String", "0.0.0.0", "address the master listens on");
  public static final String MASTER_PORT =
      def("streamkit.shuffle.master.port", "Integer", "19090", "port the master listens on");
  public static final String MASTER_STORE_DIR =
      def(
          "streamkit.shuffle.master.store-dir",
          "String",
          "./shuffle-master-store",
          "RocksDB directory of the master's state; a restarted master recovers the shuffles in"
              + " flight from it");
  public static final String MASTER_ASSIGNMENT =
      def(
          "streamkit.shuffle.master.assignment",
          "Enum",
          "load-aware",
          "how shuffles get workers: load-aware (fewest active partitions and buffered bytes"
              + " first) or round-robin");
  public static final String MASTER_WORKER_TIMEOUT =
      def(
          "streamkit.shuffle.master.worker-timeout",
          "Duration",
          "30s",
          "a worker without a heartbeat for this long is excluded from new shuffles");
  public static final String WORKER_HOST =
      def(
          "streamkit.shuffle.worker.host",
          "String",
          "",
          "address clients push to; unset, this machine's host name");
  public static final String WORKER_PORT =
      def(
          "streamkit.shuffle.worker.port",
          "Integer",
          "19091",
          "port the worker listens on; 0 picks a free one");
  public static final String WORKER_ID =
      def(
          "streamkit.shuffle.worker.id",
          "String",
          "",
          "the worker's name in file names and logs; unset, `<host>-<port>`");
  public static final String WORKER_MASTER =
      def(
          "streamkit.shuffle.worker.master",
          "String",
          "localhost:19090",
          "host:port of the master the worker registers with");
  public static final String WORKER_STORAGE =
      def(
          "streamkit.shuffle.worker.storage-dir",
          "String",
          "file:///tmp/streamkit-shuffle",
          "file system URI under which partition files are written (hdfs://... in production);"
              + " readers read it directly");
  public static final String WORKER_MEMORY =
      def(
          "streamkit.shuffle.worker.memory-budget",
          "MemorySize",
          "256m",
          "bytes of received blocks waiting to be written; above it the worker stops reading from"
              + " producers until writes catch up");
  public static final String WORKER_THREADS =
      def(
          "streamkit.shuffle.worker.writer-threads",
          "Integer",
          "8",
          "threads appending to partition files (each file belongs to one thread)");
  public static final String WORKER_HEARTBEAT =
      def(
          "streamkit.shuffle.worker.heartbeat-interval",
          "Duration",
          "5s",
          "how often the worker reports to the master");
  public static final String WORKER_DURABILITY =
      def(
          "streamkit.shuffle.worker.durability",
          "Enum",
          "hflush",
          "what a map's end waits for: hflush (visible to readers; on HDFS, in the data nodes'"
              + " memory) or hsync (on disk)");

  public static final String AUTH_ENABLED =
      def(
          "streamkit.shuffle.authentication.enabled",
          "Boolean",
          "false",
          "on the master and every worker: workers prove the cluster secret, applications the"
              + " secret their driver registered; any other request is refused and counted");
  public static final String AUTH_SECRET =
      def(
          "streamkit.shuffle.authentication.secret",
          "String",
          "",
          "the cluster secret, the same on the master and every worker (at least 16"
              + " characters); required with authentication. Keep the file that holds it readable"
              + " by the servers' user only");
  public static final String SSL_ENABLED =
      def(
          "streamkit.shuffle.ssl.enabled",
          "Boolean",
          "false",
          "TLS on every connection to and between the servers; clients then need"
              + " spark.streamkit.shuffle.ssl.enabled");
  public static final String SSL_KEYSTORE =
      def(
          "streamkit.shuffle.ssl.keystore",
          "String",
          "",
          "PKCS12 or JKS keystore with this server's private key and certificate; its"
              + " certificate must name the host clients connect to");
  public static final String SSL_KEYSTORE_PASSWORD =
      def(
          "streamkit.shuffle.ssl.keystore-password",
          "String",
          "",
          "password of the keystore and of the key in it");
  public static final String SSL_TRUSTSTORE =
      def(
          "streamkit.shuffle.ssl.truststore",
          "String",
          "",
          "keystore with the certificates a worker trusts when it connects to the master; unset,"
              + " the Java runtime's default authorities");
  public static final String SSL_TRUSTSTORE_PASSWORD =
      def("streamkit.shuffle.ssl.truststore-password", "String", "", "password of the truststore");

  /** Keys under this prefix go to the workers' Hadoop configuration, without the prefix. */
  public static final String HADOOP_PREFIX = "streamkit.shuffle.hadoop.";

  private final Map<String, String> values;

  private ServerConfig(Map<String, String> values) {
    this.values = values;
  }

  private static String def(String key, String type, String defaultValue, String description) {
    OPTIONS.put(key, new Option(key, type, defaultValue, description));
    return key;
  }

  /** Every option, in the order of the docs. */
  static Collection<Option> options() {
    return Collections.unmodifiableCollection(OPTIONS.values());
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
    return values.getOrDefault(key, OPTIONS.get(key).defaultValue());
  }

  public int getInt(String key) {
    try {
      return Integer.parseInt(get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, not '" + get(key) + "'");
    }
  }

  public boolean getBoolean(String key) {
    String value = get(key).toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException(key + " must be true or false, not '" + get(key) + "'");
    }
    return Boolean.parseBoolean(value);
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
