package io.streamkit.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;

/**
 * The catalog's side of Kafka databases ({@link KafkaClusters}): their tables are the topics of the
 * cluster, each either stored (a registered schema, or per-topic overrides) or raw; the cluster's
 * options are merged into each, masked where shown and real where the connector gets them. Tables
 * of other databases never pay for any of this: a stored table is looked at only when its options
 * say it is a Kafka topic's without brokers of its own.
 */
final class KafkaDatabases {
  /**
   * How long a cluster's topic list is reused: planning a query looks a table up several times, and
   * a topic created meanwhile shows up after at most this long.
   */
  static final Duration TOPICS_FRESH_FOR = Duration.ofSeconds(5);

  private final MetadataStore store;
  private final CatalogObjects objects;
  private final Secrets secrets;
  private final TopicSchemas schemas;
  private final Cache<Map<String, String>, List<String>> topics =
      Caffeine.newBuilder().expireAfterWrite(TOPICS_FRESH_FOR).maximumSize(100).build();

  KafkaDatabases(MetadataStore store, CatalogObjects objects, Secrets secrets) {
    this.store = store;
    this.objects = objects;
    this.secrets = secrets;
    this.schemas = new TopicSchemas(objects);
  }

  /** The cluster's topics, listed at most every {@link #TOPICS_FRESH_FOR}. */
  private List<String> topics(String db, Map<String, String> cluster) {
    return topics.get(cluster, c -> KafkaClusters.topics(db, c));
  }

  /** The real properties of {@code db} if it is a Kafka database. */
  Optional<Map<String, String>> cluster(String db) {
    return store
        .read("read database " + db, c -> MetadataSql.database(c, store.keys(), db))
        .map(d -> d.getProperties())
        .filter(KafkaClusters::isKafka);
  }

  /** Stored tables and the cluster's topics, once each, sorted. */
  List<String> tables(String db, List<String> stored) {
    Optional<Map<String, String>> cluster = cluster(db);
    if (cluster.isEmpty()) {
      return stored;
    }
    TreeSet<String> all = new TreeSet<>(stored);
    all.addAll(topics(db, cluster.get()));
    return List.copyOf(all);
  }

  /** The table as shown (secrets masked): stored, with its cluster's options, or a raw topic. */
  CatalogBaseTable shown(ObjectPath path) throws TableNotExistException {
    return table(path, true);
  }

  /** The real options of the table, for the connector. */
  Map<String, String> storedOptions(ObjectPath path) throws TableNotExistException {
    return table(path, false).getOptions();
  }

  /**
   * Before a connector is built on {@code table}: a topic table of a Kafka database whose topic
   * does not exist (a schema registered ahead of it) is refused, or its topic created with {@code
   * create-topics}.
   */
  void ensureTopic(ObjectPath path, Map<String, String> tableOptions) {
    if (!"kafka".equals(tableOptions.get("connector"))
        || !path.getObjectName().equals(tableOptions.get("topic"))) {
      return;
    }
    Optional<Map<String, String>> cluster = cluster(path.getDatabaseName());
    if (cluster.isPresent()
        && cluster
            .get()
            .get(KafkaClusters.BOOTSTRAP)
            .equals(tableOptions.get(KafkaClusters.BOOTSTRAP))
        && !isTopic(path, cluster.get())) {
      createTopic(path, cluster.get());
    }
  }

  private static String missingTopic(ObjectPath path, Map<String, String> cluster) {
    return "Topic "
        + path.getObjectName()
        + " does not exist in the cluster of "
        + path.getDatabaseName()
        + " ("
        + cluster.get(KafkaClusters.BOOTSTRAP)
        + ").";
  }

  private void createTopic(ObjectPath path, Map<String, String> cluster) {
    if (!KafkaDatabaseOptions.get(cluster, KafkaDatabaseOptions.CREATE_TOPICS)) {
      throw new CatalogException(
          missingTopic(path, cluster)
              + " Create it, or let the catalog create registered topics on first use: ALTER"
              + " DATABASE "
              + path.getDatabaseName()
              + " SET ('create-topics' = 'true').");
    }
    KafkaClusters.createTopic(
        path.getDatabaseName(),
        cluster,
        path.getObjectName(),
        KafkaDatabaseOptions.get(cluster, KafkaDatabaseOptions.CREATE_TOPICS_PARTITIONS),
        KafkaDatabaseOptions.get(cluster, KafkaDatabaseOptions.CREATE_TOPICS_REPLICATION_FACTOR));
    topics.invalidate(cluster);
  }

  /**
   * Stores what {@code ALTER TABLE} made of a table: a topic table of a Kafka database keeps only
   * its own options (the cluster's, which Flink hands back merged in and masked, stay the
   * database's), and a topic with nothing stored yet (raw) is stored now.
   */
  void alter(ObjectPath path, CatalogBaseTable newTable, boolean ignoreIfNotExists)
      throws TableNotExistException {
    Optional<Map<String, String>> cluster = cluster(path.getDatabaseName());
    if (cluster.isEmpty()
        || !(newTable instanceof ResolvedCatalogTable table)
        || !cluster
            .get()
            .get(KafkaClusters.BOOTSTRAP)
            .equals(table.getOptions().get(KafkaClusters.BOOTSTRAP))) {
      objects.alter(path, newTable, ignoreIfNotExists);
      return;
    }
    Map<String, String> own = new TreeMap<>(table.getOptions());
    Map<String, String> real = KafkaClusters.connectorOptions(cluster.get());
    Map<String, String> shown = KafkaClusters.connectorOptions(secrets.mask(cluster.get()));
    real.forEach(
        (k, v) -> {
          if (!k.equals("connector") && (v.equals(own.get(k)) || shown.get(k).equals(own.get(k)))) {
            own.remove(k);
          }
        });
    ResolvedCatalogTable toStore = table.copy(own);
    if (objects.exists(path)) {
      objects.alter(path, toStore, ignoreIfNotExists);
    } else {
      try {
        objects.create(path, toStore, false);
      } catch (TableAlreadyExistException | DatabaseNotExistException e) {
        throw new CatalogException("Cannot store the table of topic " + path.getFullName(), e);
      }
    }
  }

  boolean exists(ObjectPath path) {
    if (objects.exists(path)) {
      return true;
    }
    Optional<Map<String, String>> cluster = cluster(path.getDatabaseName());
    return cluster.isPresent() && isTopic(path, cluster.get());
  }

  private CatalogBaseTable table(ObjectPath path, boolean masked) throws TableNotExistException {
    try {
      ObjectCache.Entry entry = objects.load(path);
      CatalogBaseTable table = masked ? entry.shown() : entry.table();
      if (!(table instanceof CatalogTable t) || !needsCluster(t.getOptions())) {
        return table;
      }
      Optional<Map<String, String>> cluster = cluster(path.getDatabaseName());
      if (cluster.isEmpty()) {
        return table; // a Kafka table elsewhere that names no brokers: the connector will say so
      }
      if (schemas.refreshIfDue(path, cluster.get(), entry)) {
        return table(path, masked); // a new version was stored
      }
      Map<String, String> options = masked ? secrets.mask(cluster.get()) : cluster.get();
      CatalogTable timed =
          KafkaClusters.withWatermarkDelay(
              t, KafkaClusters.watermarkDelay(cluster.get(), path.getObjectName()));
      return timed.copy(KafkaClusters.merged(options, t.getOptions()));
    } catch (TableNotExistException e) {
      Optional<Map<String, String>> cluster = cluster(path.getDatabaseName());
      if (cluster.isEmpty() || !isTopic(path, cluster.get())) {
        throw e;
      }
      Optional<String> raw = schemas.inferOnFirstRead(path, cluster.get());
      if (raw.isEmpty()) {
        return table(path, masked); // stored now
      }
      return KafkaClusters.rawTable(
          path.getObjectName(), masked ? secrets.mask(cluster.get()) : cluster.get(), raw.get());
    }
  }

  private boolean isTopic(ObjectPath path, Map<String, String> cluster) {
    return topics(path.getDatabaseName(), cluster).contains(path.getObjectName());
  }

  /** Registers a topic's schema ({@link TopicSchemas#register}). */
  TopicSchemaChange register(ObjectPath path, List<TopicColumn> columns, String valueFormat)
      throws TableNotExistException {
    return schemas.register(path, kafkaCluster(path), columns, valueFormat);
  }

  /** Refreshes a topic's schema from its recent messages ({@link TopicSchemas#refresh}). */
  TopicSchemaChange refresh(ObjectPath path) throws TableNotExistException {
    Map<String, String> cluster = kafkaCluster(path);
    if (!isTopic(path, cluster)) {
      throw new CatalogException(missingTopic(path, cluster));
    }
    return schemas.refresh(path, cluster);
  }

  private Map<String, String> kafkaCluster(ObjectPath path) {
    return cluster(path.getDatabaseName())
        .orElseThrow(
            () ->
                new CatalogException(
                    path.getDatabaseName()
                        + " is not an attached Kafka cluster (bin/streamkit kafka attach, or"
                        + " CREATE DATABASE ... WITH ('kind' = 'kafka', ...))."));
  }

  /** A stored topic table of a Kafka database: a Kafka table that names no brokers of its own. */
  private static boolean needsCluster(Map<String, String> options) {
    return "kafka".equals(options.get("connector"))
        && !options.containsKey(KafkaClusters.BOOTSTRAP);
  }
}
