package io.streamkit.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;

/**
 * Kafka clusters attached as catalog databases ({@code 'kind' = 'kafka'}): every topic is a table
 * without DDL. The database's properties hold the cluster's connector options once ({@code
 * properties.bootstrap.servers}, SASL/SSL under {@code properties.*}, {@code scan.startup.mode},
 * ...); a topic's table gets them merged under its own. A topic with no table stored for it reads
 * as raw {@code key}/{@code value} bytes; a registered schema is a table stored in the database
 * with the topic's name (docs/kafka-tables.md).
 */
final class KafkaClusters {
  static final String KIND = "kind";
  static final String KAFKA = "kafka";
  static final String BOOTSTRAP = "properties.bootstrap.servers";
  static final String WATERMARK_DELAY = "watermark.delay";

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private KafkaClusters() {}

  static boolean isKafka(Map<String, String> databaseProperties) {
    return KAFKA.equals(databaseProperties.get(KIND));
  }

  /** The connector options a database gives each of its topics' tables. */
  static Map<String, String> connectorOptions(Map<String, String> databaseProperties) {
    Map<String, String> options = new TreeMap<>(databaseProperties);
    options.remove(KIND);
    options.remove(WATERMARK_DELAY);
    options.put("connector", "kafka");
    options.putIfAbsent("scan.startup.mode", "earliest-offset");
    return options;
  }

  /** The table's own options over the cluster's: a topic may override any of them. */
  static Map<String, String> merged(Map<String, String> cluster, Map<String, String> table) {
    Map<String, String> options = new TreeMap<>(connectorOptions(cluster));
    options.putAll(table);
    return options;
  }

  /** Refuses a Kafka database without brokers, or whose brokers cannot be reached. */
  static void check(String database, Map<String, String> properties) {
    if (properties.get(BOOTSTRAP) == null) {
      throw new CatalogException(
          "Kafka database "
              + database
              + " needs '"
              + BOOTSTRAP
              + "' (e.g. 'kafka-1:9092,kafka-2:9092').");
    }
    topics(database, properties);
  }

  /** The cluster's topics, Kafka's internal ones ({@code __consumer_offsets}, ...) left out. */
  static List<String> topics(String database, Map<String, String> properties) {
    try (Admin admin = Admin.create(adminConfig(properties))) {
      List<String> topics =
          new ArrayList<>(
              admin
                  .listTopics(new ListTopicsOptions().listInternal(false))
                  .names()
                  .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
      topics.removeIf(t -> t.startsWith("_"));
      topics.sort(null);
      return topics;
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new CatalogException(
          String.format(
              "Cannot list the topics of Kafka database %s at %s within %d s: %s. Check"
                  + " '%s' and the cluster's security options.",
              database,
              properties.get(BOOTSTRAP),
              TIMEOUT.toSeconds(),
              cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(),
              BOOTSTRAP),
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogException("Interrupted while listing the topics of " + database, e);
    }
  }

  private static Properties adminConfig(Map<String, String> properties) {
    Properties config = new Properties();
    properties.forEach(
        (k, v) -> {
          if (k.startsWith("properties.")) {
            config.put(k.substring("properties.".length()), v);
          }
        });
    int ms = (int) TIMEOUT.toMillis();
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    return config;
  }

  /**
   * A topic without a registered schema: its raw key and value, the record timestamp as {@code
   * event_time} with a watermark, and partition, offset and headers as virtual metadata.
   */
  static CatalogTable rawTable(String topic, Map<String, String> databaseProperties) {
    Schema schema =
        metadataColumns(
                Schema.newBuilder()
                    .column("key", DataTypes.BYTES())
                    .column("value", DataTypes.BYTES()),
                databaseProperties)
            .build();
    Map<String, String> options = new TreeMap<>();
    options.put("topic", topic);
    options.put("key.format", "raw");
    options.put("key.fields", "key");
    options.put("value.format", "raw");
    options.put("value.fields-include", "EXCEPT_KEY");
    return CatalogTable.newBuilder()
        .schema(schema)
        .comment("Kafka topic " + topic + ", no schema registered: raw key and value")
        .options(merged(databaseProperties, options))
        .build();
  }

  /** The columns every topic's table has after its own: time, partition, offset, headers. */
  static Schema.Builder metadataColumns(Schema.Builder b, Map<String, String> databaseProperties) {
    String delay = databaseProperties.getOrDefault(WATERMARK_DELAY, "5 s");
    return b.columnByMetadata("event_time", DataTypes.TIMESTAMP_LTZ(3), "timestamp")
        .columnByMetadata("partition", DataTypes.INT(), "partition", true)
        .columnByMetadata("offset", DataTypes.BIGINT(), "offset", true)
        .columnByMetadata(
            "headers", DataTypes.MAP(DataTypes.STRING(), DataTypes.BYTES()), "headers", true)
        .watermark("event_time", "`event_time` - " + interval(delay));
  }

  /** {@code 5 s}, {@code 500 ms}, {@code 2 min} as a SQL interval. */
  static String interval(String delay) {
    Duration d = org.apache.flink.util.TimeUtils.parseDuration(delay);
    return "INTERVAL '" + (d.toMillis() / 1000.0) + "' SECOND";
  }
}
