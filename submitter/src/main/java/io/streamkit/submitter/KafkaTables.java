package io.streamkit.submitter;

import io.streamkit.catalog.StreamkitCatalog;
import io.streamkit.catalog.TopicColumn;
import io.streamkit.catalog.TopicSchemaChange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException;

/**
 * What {@code kafka attach} and {@code table register} do, for the CLI and the demo: a cluster
 * attached as a database of the configured streamkit catalog, a topic's schema registered from a
 * file.
 */
public final class KafkaTables {
  private KafkaTables() {}

  /**
   * The database properties of a cluster: {@code --property k=v} pairs are Kafka client properties
   * ({@code properties.k}) unless they are connector options of every topic ({@code scan.*}, {@code
   * sink.*}) or the catalog's own ({@code watermark.delay*}, {@code schema.inference*}).
   */
  static Map<String, String> databaseProperties(String bootstrap, Map<String, String> pairs) {
    Map<String, String> props = new TreeMap<>();
    props.put("kind", "kafka");
    props.put("properties.bootstrap.servers", bootstrap);
    pairs.forEach(
        (k, v) ->
            props.put(
                k.startsWith("properties.")
                        || k.startsWith("scan.")
                        || k.startsWith("sink.")
                        || k.startsWith("watermark.delay")
                        || k.startsWith("schema.inference")
                    ? k
                    : "properties." + k,
                v));
    return props;
  }

  /**
   * Attaches the cluster at {@code bootstrap} as database {@code name}; returns how many topics it
   * has.
   *
   * @throws DatabaseAlreadyExistException when the name is taken
   */
  public static int attach(
      Configuration conf, String name, String bootstrap, Map<String, String> pairs)
      throws DatabaseAlreadyExistException {
    Catalog catalog = FunctionCommand.openCatalog(conf);
    try {
      catalog.createDatabase(
          name,
          new CatalogDatabaseImpl(
              databaseProperties(bootstrap, pairs), "Kafka cluster " + bootstrap),
          false);
      return catalog.listTables(name).size();
    } catch (org.apache.flink.table.catalog.exceptions.DatabaseNotExistException e) {
      throw new IllegalStateException(e); // created just now
    } finally {
      catalog.close();
    }
  }

  /**
   * Registers the schema in {@code file} for {@code path} (a topic of an attached cluster).
   *
   * @throws IllegalArgumentException listing the file's errors ({@code file:line: reason}, one a
   *     line) when it has any; nothing is registered then
   */
  public static TopicSchemaChange register(
      Configuration conf, ObjectPath path, Path file, String valueFormat) throws Exception {
    List<String> errors = new ArrayList<>();
    List<TopicColumn> columns = SchemaFiles.read(file, errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", errors));
    }
    StreamkitCatalog catalog = streamkitCatalog(conf);
    try {
      return catalog.registerTopicSchema(path, columns, valueFormat);
    } finally {
      catalog.close();
    }
  }

  /** The configured catalog, which must be the streamkit catalog. */
  static StreamkitCatalog streamkitCatalog(Configuration conf) {
    Catalog catalog = FunctionCommand.openCatalog(conf);
    if (!(catalog instanceof StreamkitCatalog streamkit)) {
      catalog.close();
      throw new UsageException(
          "Topic schemas live in the streamkit catalog; the configured catalog is "
              + catalog.getClass().getName()
              + ".");
    }
    return streamkit;
  }
}
