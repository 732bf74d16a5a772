package io.streamkit.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.WatermarkSpec;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.expressions.SqlCallExpression;
import org.apache.flink.table.types.DataType;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Kafka clusters attached as catalog databases ({@code 'kind' = 'kafka'}): every topic is a table
 * without DDL. The database's properties hold the cluster's connector options once ({@code
 * properties.bootstrap.servers}, SASL/SSL under {@code properties.*}, {@code scan.startup.mode},
 * ...); a topic's table gets them merged under its own. A topic with no table stored for it reads
 * as raw {@code key}/{@code value} bytes; a registered schema is a table stored in the database
 * with the topic's name (docs/kafka-tables.md).
 */
final class KafkaClusters {
  static final String KIND = KafkaDatabaseOptions.KIND.key();
  static final String KAFKA = "kafka";
  static final String BOOTSTRAP = KafkaDatabaseOptions.BOOTSTRAP_SERVERS.key();
  static final String WATERMARK_DELAY_PREFIX = KafkaDatabaseOptions.WATERMARK_DELAY.key() + ".";

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private KafkaClusters() {}

  static boolean isKafka(Map<String, String> databaseProperties) {
    return KAFKA.equals(databaseProperties.get(KIND));
  }

  /** The connector options a database gives each of its topics' tables. */
  static Map<String, String> connectorOptions(Map<String, String> databaseProperties) {
    Map<String, String> options = new TreeMap<>(databaseProperties);
    KafkaDatabaseOptions.CATALOG_ONLY.forEach(o -> options.remove(o.key()));
    options.keySet().removeIf(k -> k.startsWith(WATERMARK_DELAY_PREFIX));
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

  /** Creates {@code topic}; -1 partitions or replication factor: the broker's default. */
  static void createTopic(
      String database,
      Map<String, String> properties,
      String topic,
      int partitions,
      int replicationFactor) {
    try (Admin admin = Admin.create(adminConfig(properties))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(
                      topic,
                      partitions < 0 ? Optional.empty() : Optional.of(partitions),
                      replicationFactor < 0
                          ? Optional.empty()
                          : Optional.of((short) replicationFactor))))
          .all()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new CatalogException(
            "Cannot create topic " + topic + " of " + database + ": " + e.getCause().getMessage(),
            e.getCause());
      }
    } catch (TimeoutException e) {
      throw new CatalogException(
          "Cannot create topic "
              + topic
              + " of "
              + database
              + " at "
              + properties.get(BOOTSTRAP)
              + " within "
              + TIMEOUT.toSeconds()
              + " s.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogException("Interrupted while creating topic " + topic, e);
    }
  }

  /** The Kafka client properties of a database: its {@code properties.*} without the prefix. */
  static Properties clientProperties(Map<String, String> properties) {
    Properties config = new Properties();
    properties.forEach(
        (k, v) -> {
          if (k.startsWith("properties.")) {
            config.put(k.substring("properties.".length()), v);
          }
        });
    return config;
  }

  private static Properties adminConfig(Map<String, String> properties) {
    Properties config = clientProperties(properties);
    int ms = (int) TIMEOUT.toMillis();
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    return config;
  }

  /**
   * A topic without a stored schema: its raw key and value (the value column's comment says why it
   * is raw), then the columns every topic's table has.
   */
  static CatalogTable rawTable(String topic, Map<String, String> databaseProperties, String why) {
    Map<String, String> options = new TreeMap<>();
    options.put("topic", topic);
    options.put("key.format", "raw");
    options.put("key.fields", "key");
    options.put("value.format", "raw");
    options.put("value.fields-include", "EXCEPT_KEY");
    return topicTable(
            List.of(
                new TopicColumn("key", DataTypes.BYTES(), null),
                new TopicColumn("value", DataTypes.BYTES(), "raw bytes: " + why)),
            databaseProperties,
            "Kafka topic " + topic + ", raw key and value: " + why,
            "record timestamp",
            merged(databaseProperties, options))
        .getOrigin(); // handed to Flink, which resolves it (the watermark from its SQL text)
  }

  /**
   * A topic's table: its own columns, then the record timestamp ({@code event_time}, with the
   * watermark), {@code partition}, {@code offset} and {@code headers} (virtual). A metadata column
   * whose name a column of the topic takes is named with a {@code kafka_} prefix instead. The
   * result is resolved, as the catalog stores tables, with the watermark kept as SQL text.
   */
  static ResolvedCatalogTable topicTable(
      List<TopicColumn> own,
      Map<String, String> databaseProperties,
      String comment,
      String timeComment,
      Map<String, String> options) {
    Set<String> taken = new HashSet<>();
    Schema.Builder unresolved = Schema.newBuilder();
    List<Column> columns = new ArrayList<>();
    for (TopicColumn c : own) {
      taken.add(c.name());
      unresolved.column(c.name(), c.type());
      Column column = Column.physical(c.name(), c.type());
      if (c.description() != null) {
        unresolved.withComment(c.description());
        column = column.withComment(c.description());
      }
      columns.add(column);
    }
    String time = free("event_time", taken);
    metadata(unresolved, columns, time, DataTypes.TIMESTAMP_LTZ(3), "timestamp", false);
    unresolved.withComment(timeComment);
    columns.set(columns.size() - 1, columns.get(columns.size() - 1).withComment(timeComment));
    metadata(unresolved, columns, free("partition", taken), DataTypes.INT(), "partition", true);
    metadata(unresolved, columns, free("offset", taken), DataTypes.BIGINT(), "offset", true);
    metadata(
        unresolved,
        columns,
        free("headers", taken),
        DataTypes.MAP(DataTypes.STRING(), DataTypes.BYTES()),
        "headers",
        true);
    String interval =
        interval(
            KafkaDatabaseOptions.get(databaseProperties, KafkaDatabaseOptions.WATERMARK_DELAY));
    SqlWatermark watermark = new SqlWatermark(time, interval);
    unresolved.watermark(time, watermark.asSummaryString());
    CatalogTable table =
        CatalogTable.newBuilder()
            .schema(unresolved.build())
            .comment(comment)
            .options(options)
            .build();
    return new ResolvedCatalogTable(
        table, new ResolvedSchema(columns, List.of(WatermarkSpec.of(time, watermark)), null));
  }

  private static void metadata(
      Schema.Builder unresolved,
      List<Column> columns,
      String name,
      DataType type,
      String key,
      boolean virtual) {
    unresolved.columnByMetadata(name, type, key, virtual);
    columns.add(Column.metadata(name, type, key, virtual));
  }

  private static String free(String name, Set<String> taken) {
    return taken.contains(name) ? "kafka_" + name : name;
  }

  /**
   * The watermark delay of a topic's table: {@code watermark.delay.<topic>} of the database, else
   * its {@code watermark.delay}, read whenever the table is: a change applies to jobs planned after
   * it, whether the table is raw or stored.
   */
  static Duration watermarkDelay(Map<String, String> databaseProperties, String topic) {
    String perTopic = databaseProperties.get(WATERMARK_DELAY_PREFIX + topic);
    return perTopic != null
        ? TimeUtils.parseDuration(perTopic)
        : KafkaDatabaseOptions.get(databaseProperties, KafkaDatabaseOptions.WATERMARK_DELAY);
  }

  /** {@code table} with the watermark on its record-time column trailing by the topic's delay. */
  static CatalogTable withWatermarkDelay(CatalogTable table, Duration delay) {
    Schema schema = table.getUnresolvedSchema();
    if (schema.getWatermarkSpecs().size() != 1) {
      return table; // none, or one a user wrote: not ours to change
    }
    String time = schema.getWatermarkSpecs().get(0).getColumnName();
    String sql = new SqlWatermark(time, interval(delay)).asSummaryString();
    if (sql.equals(watermarkSql(schema.getWatermarkSpecs().get(0).getWatermarkExpression()))) {
      return table;
    }
    Schema changed =
        new Schema(
            schema.getColumns(),
            List.of(new Schema.UnresolvedWatermarkSpec(time, new SqlCallExpression(sql))),
            schema.getPrimaryKey().orElse(null),
            schema.getIndexes());
    return CatalogTable.newBuilder()
        .schema(changed)
        .comment(table.getComment())
        .partitionKeys(table.getPartitionKeys())
        .options(table.getOptions())
        .distribution(table.getDistribution().orElse(null))
        .build();
  }

  /** A stored watermark expression as SQL. */
  static String watermarkSql(org.apache.flink.table.expressions.Expression expression) {
    return expression instanceof SqlCallExpression call
        ? call.getSqlExpression()
        : expression.asSummaryString();
  }

  /** {@code 5 s}, {@code 500 ms}, {@code 2 min} as a SQL interval. */
  static String interval(Duration delay) {
    return "INTERVAL '" + (delay.toMillis() / 1000.0) + "' SECOND";
  }
}
