package io.streamkit.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.table.types.utils.TypeConversions;

/**
 * The stored schemas of a Kafka database's topics, versioned in the table's comment ({@code schema
 * version N}, also on the time column so that {@code DESCRIBE} shows it): inferred from sampled
 * JSON when a topic's table is first read, registered from a file, refreshed by additions. Every
 * job planned after a change sees the new version; a running job keeps the one it was planned with.
 */
final class TopicSchemas {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TopicSchemas.class);
  private static final Pattern VERSION = Pattern.compile("schema version (\\d+)");

  private final CatalogObjects objects;

  /** Why a topic is raw, for a while: planning reads a table several times, sampling once. */
  private final Cache<ObjectPath, String> rawBecause =
      Caffeine.newBuilder()
          .expireAfterWrite(KafkaDatabases.TOPICS_FRESH_FOR)
          .maximumSize(10_000)
          .build();

  TopicSchemas(CatalogObjects objects) {
    this.objects = objects;
  }

  /**
   * For a topic with no stored table: infers its schema from recent messages and stores it as
   * version 1 (empty result: read the stored table), or says why the topic stays raw.
   */
  Optional<String> inferOnFirstRead(ObjectPath path, Map<String, String> cluster) {
    if (!KafkaDatabaseOptions.get(cluster, KafkaDatabaseOptions.SCHEMA_INFERENCE)) {
      return Optional.of("schema inference is off for this database");
    }
    String known = rawBecause.getIfPresent(path);
    if (known != null) {
      return Optional.of(known);
    }
    Sampled sampled = sample(path, cluster);
    if (sampled.why() != null) {
      rawBecause.put(path, sampled.why());
      return Optional.of(sampled.why());
    }
    try {
      objects.create(
          path,
          stored(path, sampled.result().columns(), cluster, jsonOptions(path), 1, sampled.note()),
          true); // another session may have stored its inference first: that one counts
    } catch (TableAlreadyExistException | DatabaseNotExistException e) {
      throw new CatalogException("Cannot store the inferred schema of " + path.getFullName(), e);
    }
    return Optional.empty();
  }

  /** Stores {@code columns} as the topic's schema: version 1, or one past the stored version. */
  TopicSchemaChange register(
      ObjectPath path, Map<String, String> cluster, List<TopicColumn> columns, String valueFormat)
      throws TableNotExistException {
    Optional<CatalogTable> old = storedTable(path);
    int version = old.map(TopicSchemas::version).orElse(0) + 1;
    Map<String, String> options =
        new TreeMap<>(old.map(CatalogTable::getOptions).orElse(jsonOptions(path)));
    if (valueFormat != null) {
      options.put("value.format", valueFormat);
    }
    save(path, stored(path, columns, cluster, options, version, "registered"), old.isPresent());
    List<String> changes = new ArrayList<>();
    columns.forEach(c -> changes.add(c.name() + " " + c.type()));
    return new TopicSchemaChange(path.getFullName(), version, true, changes, List.of(), 0);
  }

  /**
   * Samples the topic again and adds what is new ({@link SchemaEvolution}) as the next version;
   * infers version 1 for a topic with no stored schema.
   */
  TopicSchemaChange refresh(ObjectPath path, Map<String, String> cluster)
      throws TableNotExistException {
    Sampled sampled = sample(path, cluster);
    if (sampled.why() != null) {
      throw new CatalogException(
          "Cannot refresh the schema of " + path.getFullName() + ": " + sampled.why() + ".");
    }
    rawBecause.invalidate(path);
    List<TopicColumn> seen = sampled.result().columns();
    int samples = sampled.result().samples();
    Optional<CatalogTable> old = storedTable(path);
    if (old.isEmpty()) {
      save(path, stored(path, seen, cluster, jsonOptions(path), 1, sampled.note()), false);
      List<String> added = seen.stream().map(c -> "added " + c.name() + " " + c.type()).toList();
      return new TopicSchemaChange(path.getFullName(), 1, true, added, List.of(), samples);
    }
    SchemaEvolution.Result evolved = SchemaEvolution.evolve(physicalColumns(old.get()), seen);
    int version = version(old.get());
    if (evolved.changes().isEmpty()) {
      return new TopicSchemaChange(
          path.getFullName(), version, false, List.of(), evolved.conflicts(), samples);
    }
    save(
        path,
        stored(
            path,
            evolved.columns(),
            cluster,
            old.get().getOptions(),
            version + 1,
            "refreshed from " + samples + " messages"),
        true);
    return new TopicSchemaChange(
        path.getFullName(), version + 1, true, evolved.changes(), evolved.conflicts(), samples);
  }

  /**
   * The periodic refresh ({@code schema.refresh-interval}): refreshes an inferred schema last
   * stored or checked longer ago than the interval; an unchanged one is marked as checked, so all
   * sessions together sample a topic at most once per interval. Returns whether a new version was
   * stored. A failure to sample leaves the schema as it is (logged).
   */
  boolean refreshIfDue(ObjectPath path, Map<String, String> cluster, ObjectCache.Entry entry) {
    Optional<Duration> interval =
        Configuration.fromMap(cluster).getOptional(KafkaDatabaseOptions.SCHEMA_REFRESH_INTERVAL);
    String comment = String.valueOf(entry.table().getComment());
    if (interval.isEmpty()
        || version(entry.table()) == 0
        || comment.contains("registered")
        || System.currentTimeMillis() - entry.updatedAt() < interval.get().toMillis()) {
      return false;
    }
    try {
      TopicSchemaChange change = refresh(path, cluster);
      change.conflicts().forEach(c -> LOG.warn("Schema of {}: {}", path.getFullName(), c));
      if (change.changed()) {
        LOG.info(
            "Refreshed the schema of {} to version {}: {}",
            path.getFullName(),
            change.version(),
            change.changes());
        return true;
      }
    } catch (CatalogException | TableNotExistException e) {
      LOG.warn("Cannot refresh the schema of {}: {}", path.getFullName(), e.getMessage());
    }
    objects.touch(path, entry.version());
    return false;
  }

  /** The version in a stored topic table's comment; 0 when it has none. */
  static int version(CatalogBaseTable table) {
    Matcher m = VERSION.matcher(String.valueOf(table.getComment()));
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private record Sampled(JsonSchemaInference.Result result, String why) {
    String note() {
      return "inferred from " + result.samples() + " messages";
    }
  }

  private static Sampled sample(ObjectPath path, Map<String, String> cluster) {
    int max = KafkaDatabaseOptions.get(cluster, KafkaDatabaseOptions.SCHEMA_INFERENCE_MAX_MESSAGES);
    Duration budget =
        KafkaDatabaseOptions.get(cluster, KafkaDatabaseOptions.SCHEMA_INFERENCE_TIMEOUT);
    int mapKeys = KafkaDatabaseOptions.get(cluster, KafkaDatabaseOptions.SCHEMA_INFERENCE_MAP_KEYS);
    List<byte[]> values;
    try {
      values = TopicSampler.recentValues(cluster, path.getObjectName(), max, budget);
    } catch (TopicSampler.CannotSample e) {
      return new Sampled(null, "its messages could not be sampled (" + e.getMessage() + ")");
    }
    JsonSchemaInference.Result result = JsonSchemaInference.infer(values, mapKeys);
    if (result.samples() == 0) {
      return new Sampled(result, "no messages to infer a schema from yet");
    }
    if (result.notJson() > 0) {
      return new Sampled(
          result,
          result.notJson() + " of " + result.samples() + " sampled messages are not JSON objects");
    }
    return new Sampled(result, null);
  }

  /** The stored table of the topic, if any (one read: a missing one is the load's exception). */
  private Optional<CatalogTable> storedTable(ObjectPath path) {
    try {
      return Optional.of((CatalogTable) objects.load(path).table());
    } catch (TableNotExistException e) {
      return Optional.empty();
    }
  }

  private void save(ObjectPath path, CatalogTable table, boolean replace)
      throws TableNotExistException {
    try {
      if (replace) {
        objects.alter(path, table, false);
      } else {
        objects.create(path, table, false);
      }
    } catch (TableAlreadyExistException | DatabaseNotExistException e) {
      throw new CatalogException("Cannot store the schema of " + path.getFullName(), e);
    }
  }

  private static CatalogTable stored(
      ObjectPath path,
      List<TopicColumn> columns,
      Map<String, String> cluster,
      Map<String, String> options,
      int version,
      String how) {
    String topic = path.getObjectName();
    return KafkaClusters.topicTable(
        columns,
        cluster,
        "Kafka topic " + topic + ", schema version " + version + " (" + how + ")",
        "record timestamp; schema version " + version,
        options);
  }

  /** A stored topic table's own options: the cluster's are merged in when it is read. */
  private static Map<String, String> jsonOptions(ObjectPath path) {
    Map<String, String> options = new TreeMap<>();
    options.put("connector", "kafka");
    options.put("topic", path.getObjectName());
    options.put("value.format", "json");
    return options;
  }

  /** The physical columns of a stored table, with their types and descriptions. */
  static List<TopicColumn> physicalColumns(CatalogTable table) {
    List<TopicColumn> columns = new ArrayList<>();
    for (Schema.UnresolvedColumn c : table.getUnresolvedSchema().getColumns()) {
      if (c instanceof Schema.UnresolvedPhysicalColumn p) {
        String type = p.getDataType().toString();
        if (type.startsWith("[") && type.endsWith("]")) {
          type = type.substring(1, type.length() - 1); // an unresolved type from storage
        }
        columns.add(
            new TopicColumn(
                p.getName(),
                TypeConversions.fromLogicalToDataType(
                    LogicalTypeParser.parse(type, TopicSchemas.class.getClassLoader())),
                p.getComment().orElse(null)));
      }
    }
    return columns;
  }
}
