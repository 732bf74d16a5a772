package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamkit.testkit.Kafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schemas of a Kafka database's topics kept in the metadata database: inferred on first read and
 * stored as version 1 (every later session reads the stored one, two sessions racing store one),
 * refreshed by additions, registered; on each metadata database (subclasses).
 */
abstract class KafkaTopicSchemasITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();

  @TempDir static Path tmp;

  /** url/username/password of the metadata database for this run. */
  protected abstract Map<String, String> connectionOptions();

  private final List<TableEnvironment> sessions = new ArrayList<>();
  private String db;
  private String topic;

  @BeforeEach
  void attach() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    db = "kafka_" + id;
    topic = "clicks_" + id;
    KAFKA.createTopic(topic, 2);
    session()
        .executeSql(
            "CREATE DATABASE "
                + db
                + " WITH ('kind' = 'kafka', 'properties.bootstrap.servers' = '"
                + KAFKA.bootstrapServers()
                + "', 'watermark.delay' = '2 s')");
  }

  @AfterEach
  void closeSessions() {
    for (TableEnvironment env : sessions) {
      env.useCatalog("default_catalog");
      env.executeSql("DROP CATALOG IF EXISTS sk");
    }
    sessions.clear();
  }

  protected TableEnvironment session() {
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    Map<String, String> options = new HashMap<>(connectionOptions());
    options.put("type", "streamkit");
    options.put("artifacts-dir", tmp.resolve("artifacts").toString());
    env.executeSql("CREATE CATALOG sk WITH (" + CatalogContractITCase.withClause(options) + ")");
    env.useCatalog("sk");
    sessions.add(env);
    return env;
  }

  private StreamkitCatalog catalog() {
    return (StreamkitCatalog) session().getCatalog("sk").orElseThrow();
  }

  private ObjectPath path() {
    return new ObjectPath(db, topic);
  }

  private static String physical(CatalogBaseTable table) {
    return TopicSchemas.physicalColumns((CatalogTable) table).stream()
        .map(c -> c.name() + " " + c.type().getLogicalType().asSerializableString())
        .collect(Collectors.joining(", "));
  }

  private static List<String> columnNames(CatalogBaseTable table) {
    return table.getUnresolvedSchema().getColumns().stream()
        .map(Schema.UnresolvedColumn::getName)
        .toList();
  }

  @Test
  void aTopicsSchemaIsInferredOnceStoredAndRefreshedByAdditions() throws Exception {
    KAFKA.produce(
        topic,
        List.of(
            "{\"id\":1,\"user\":{\"name\":\"a\"},\"amount\":2,\"offset\":5}",
            "{\"id\":2,\"user\":{\"name\":\"b\"},\"amount\":2.5,\"offset\":6}"));
    StreamkitCatalog first = catalog();
    long start = System.nanoTime();
    CatalogBaseTable inferred = first.getTable(path());
    long inferMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(inferMs).as("the first inference of a topic").isLessThan(5_000);
    assertThat(inferred.getComment())
        .isEqualTo("Kafka topic " + topic + ", schema version 1 (inferred from 2 messages)");
    assertThat(physical(inferred))
        .isEqualTo(
            "id BIGINT NOT NULL, user ROW<`name` VARCHAR(2147483647) NOT NULL> NOT NULL, amount"
                + " DOUBLE NOT NULL, offset BIGINT NOT NULL");
    // A field named like a metadata column keeps its name; the metadata column moves aside.
    assertThat(columnNames(inferred))
        .containsExactly(
            "id", "user", "amount", "offset", "event_time", "partition", "kafka_offset", "headers");
    assertThat(inferred.getOptions())
        .containsEntry("value.format", "json")
        .containsEntry("properties.bootstrap.servers", KAFKA.bootstrapServers());

    // Stored: a later session reads version 1 even though the messages changed since.
    KAFKA.produce(
        topic, List.of("{\"id\":3,\"user\":{\"name\":\"c\",\"vip\":true},\"country\":\"NZ\"}"));
    CatalogBaseTable again = catalog().getTable(path());
    assertThat(again.getComment()).contains("schema version 1");
    assertThat(physical(again)).isEqualTo(physical(inferred));

    // Refresh adds what is new, nullable; nothing is dropped.
    TopicSchemaChange refreshed = catalog().refreshTopicSchema(path());
    assertThat(refreshed.version()).isEqualTo(2);
    assertThat(refreshed.changes())
        .contains(
            "added user.vip BOOLEAN",
            "added country STRING",
            "made amount nullable (some messages lack it)");
    assertThat(refreshed.conflicts()).isEmpty();
    CatalogBaseTable v2 = catalog().getTable(path());
    assertThat(v2.getComment()).contains("schema version 2 (refreshed from 3 messages)");
    assertThat(physical(v2))
        .isEqualTo(
            "id BIGINT NOT NULL, user ROW<`name` VARCHAR(2147483647) NOT NULL, `vip` BOOLEAN> NOT"
                + " NULL, amount DOUBLE, offset BIGINT, country VARCHAR(2147483647)");

    // A value that does not fit its column is reported with both types, never applied.
    KAFKA.produce(topic, List.of("{\"id\":\"x-4\",\"user\":{\"name\":\"d\"}}"));
    TopicSchemaChange conflict = catalog().refreshTopicSchema(path());
    assertThat(conflict.changed()).isFalse();
    assertThat(conflict.version()).isEqualTo(2);
    assertThat(conflict.conflicts())
        .containsExactly(
            "id: stored as BIGINT NOT NULL, but recent messages have STRING NOT NULL (kept as it"
                + " is)");

    // Registering replaces the columns as the next version; descriptions are kept.
    TopicSchemaChange registered =
        catalog()
            .registerTopicSchema(
                path(),
                List.of(
                    new TopicColumn("id", DataTypes.STRING(), "the click"),
                    new TopicColumn("amount", DataTypes.DECIMAL(10, 2), "how much")),
                null);
    assertThat(registered.version()).isEqualTo(3);
    CatalogTable v3 = (CatalogTable) catalog().getTable(path());
    assertThat(physical(v3)).isEqualTo("id VARCHAR(2147483647), amount DECIMAL(10, 2)");
    assertThat(TopicSchemas.physicalColumns(v3).get(0).description()).isEqualTo("the click");
    assertThat(watermark(v3)).isEqualTo("`event_time` - INTERVAL '2.0' SECOND");

    // The watermark delay of one topic, set on the database, applies to the stored table too.
    session()
        .executeSql("ALTER DATABASE " + db + " SET ('watermark.delay." + topic + "' = '30 s')");
    CatalogTable delayed = (CatalogTable) catalog().getTable(path());
    assertThat(watermark(delayed)).isEqualTo("`event_time` - INTERVAL '30.0' SECOND");
    assertThat(delayed.getOptions()).doesNotContainKey("watermark.delay." + topic);
  }

  private static String watermark(CatalogBaseTable table) {
    return KafkaClusters.watermarkSql(
        table.getUnresolvedSchema().getWatermarkSpecs().get(0).getWatermarkExpression());
  }

  @Test
  void withARefreshIntervalAnInferredSchemaGrowsWhenReadAfterIt() throws Exception {
    session().executeSql("ALTER DATABASE " + db + " SET ('schema.refresh-interval' = '1 s')");
    KAFKA.produce(topic, List.of("{\"a\":1}"));
    assertThat(catalog().getTable(path()).getComment()).contains("schema version 1");
    KAFKA.produce(topic, List.of("{\"a\":2,\"b\":\"x\"}"));
    CatalogBaseTable soon = catalog().getTable(path());
    assertThat(soon.getComment()).as("within the interval").contains("schema version 1");

    Thread.sleep(1_100);
    CatalogBaseTable later = catalog().getTable(path());
    assertThat(later.getComment()).contains("schema version 2 (refreshed from 2 messages)");
    assertThat(physical(later)).isEqualTo("a BIGINT NOT NULL, b VARCHAR(2147483647)");

    Thread.sleep(1_100);
    assertThat(catalog().getTable(path()).getComment())
        .as("nothing new: checked, not changed")
        .contains("schema version 2");
  }

  @Test
  void alterTableSetOverridesTheClusterForOneTopicRawOrStoredAndStoresOnlyTheOverride()
      throws Exception {
    session()
        .executeSql(
            "ALTER DATABASE "
                + db
                + " SET ('properties.ssl.truststore.password' = 'hunter2', 'scan.startup.mode' ="
                + " 'earliest-offset')");
    KAFKA.produce(topic, List.of("not json")); // raw: nothing stored for it yet
    TableEnvironment env = session();
    env.executeSql(
        "ALTER TABLE " + db + ".`" + topic + "` SET ('scan.startup.mode' = 'latest-offset')");
    CatalogBaseTable altered = catalog().getTable(path());
    assertThat(altered.getOptions())
        .containsEntry("scan.startup.mode", "latest-offset")
        .containsEntry("properties.ssl.truststore.password", "******")
        .containsEntry("properties.bootstrap.servers", KAFKA.bootstrapServers());
    assertThat(catalog().storedOptions(path()))
        .containsEntry("properties.ssl.truststore.password", "hunter2");
    // Only the override is the topic's: the cluster's options, secret included, stay the
    // database's, so a change there is seen by the altered topic too.
    session()
        .executeSql(
            "ALTER DATABASE "
                + db
                + " SET ('properties.client.id' = 'etl', 'properties.ssl.truststore.password' ="
                + " 'rotated')");
    assertThat(catalog().getTable(path()).getOptions())
        .containsEntry("properties.client.id", "etl")
        .containsEntry("scan.startup.mode", "latest-offset");
    assertThat(catalog().storedOptions(path()))
        .containsEntry("properties.ssl.truststore.password", "rotated");
  }

  @Test
  void twoSessionsReadingANewTopicAtOnceStoreOneSchema() throws Exception {
    KAFKA.produce(topic, List.of("{\"a\":1}", "{\"a\":2,\"b\":\"x\"}"));
    StreamkitCatalog one = catalog();
    StreamkitCatalog two = catalog();
    CompletableFuture<CatalogBaseTable> a = CompletableFuture.supplyAsync(() -> get(one));
    CompletableFuture<CatalogBaseTable> b = CompletableFuture.supplyAsync(() -> get(two));
    assertThat(physical(a.get()))
        .isEqualTo(physical(b.get()))
        .isEqualTo("a BIGINT NOT NULL, b VARCHAR(2147483647)");
    assertThat(a.get().getComment()).isEqualTo(b.get().getComment()).contains("schema version 1");
  }

  private CatalogBaseTable get(StreamkitCatalog catalog) {
    try {
      return catalog.getTable(path());
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  @Test
  void topicsThatCannotBeInferredStayRawAndSayWhy() throws Exception {
    StreamkitCatalog catalog = catalog();
    CatalogBaseTable empty = catalog.getTable(path());
    assertThat(empty.getComment())
        .contains("raw key and value: no messages to infer a schema from yet");
    assertThat(columnNames(empty)).startsWith("key", "value", "event_time");

    KAFKA.produce(topic, List.of("{\"a\":1}", "not json"));
    CatalogBaseTable mixed = catalog().getTable(path());
    assertThat(mixed.getComment()).contains("1 of 2 sampled messages are not JSON objects");
    assertThat(catalog.tableExists(path())).isTrue();
    assertThatThrownBy(() -> catalog().refreshTopicSchema(path()))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("Cannot refresh the schema of " + db + "." + topic)
        .hasMessageContaining("not JSON objects");
    assertThatThrownBy(() -> catalog().refreshTopicSchema(new ObjectPath(db, "no_such_topic")))
        .hasMessageContaining("Topic no_such_topic does not exist in the cluster of " + db);
  }
}
