package io.streamkit.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogDescriptor;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogFunctionImpl;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionImpl;
import org.apache.flink.table.catalog.FunctionLanguage;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;

/**
 * Every statement over the metadata tables ({@code sk_database}, {@code sk_object}, {@code
 * sk_partition}, {@code sk_function}, {@code sk_catalog}) and the small helpers that run them on a
 * connection of {@link MetadataStore}; those of models and statistics are with {@link
 * CatalogModels} and {@link CatalogStatistics}, except the deletes that go with a table, partition
 * or database. Property maps are stored as JSON ({@link TableCodec}). The statements are the same
 * on every database; what differs lives in {@link Dialect}.
 */
final class MetadataSql {
  private MetadataSql() {}

  /** What the transaction of {@link #insertInDatabase} found. */
  private enum Insert {
    INSERTED,
    NO_DATABASE,
    EXISTS
  }

  /**
   * Runs {@code insert}, which adds a row to {@code database} of catalog {@code catalogName}, in
   * one transaction of {@code store} if that database exists. Returns false when the row is there
   * already (a violated key).
   */
  static boolean insertInDatabase(
      MetadataStore store,
      String catalogName,
      String action,
      String database,
      MetadataStore.SqlWork<Integer> insert)
      throws DatabaseNotExistException {
    Insert outcome =
        store
            .writeUnlessDuplicate(
                action,
                c -> {
                  if (!databaseExists(c, database)) {
                    return Insert.NO_DATABASE;
                  }
                  insert.run(c);
                  return Insert.INSERTED;
                })
            .orElse(Insert.EXISTS);
    if (outcome == Insert.NO_DATABASE) {
      throw new DatabaseNotExistException(catalogName, database);
    }
    return outcome == Insert.INSERTED;
  }

  /** A row of {@code sk_object}; {@code definition} is null when the reader has that version. */
  record ObjectRow(long version, String kind, String definition, long updatedAt) {}

  /** The tables that hold rows of a database, children first (the order to delete them in). */
  private static final List<String> DATABASE_CONTENT =
      List.of("sk_statistics", "sk_partition", "sk_object", "sk_function", "sk_model");

  // ------------------------------------------------------------------------------------------
  // sk_database
  // ------------------------------------------------------------------------------------------

  static List<String> databaseNames(Connection c) throws SQLException {
    return MetadataStore.query(
        c, "SELECT db_name FROM sk_database ORDER BY db_name", rs -> rs.getString(1));
  }

  /** The database with its real properties (secrets decrypted). */
  static Optional<CatalogDatabase> database(Connection c, DataKeys keys, String db)
      throws SQLException {
    return MetadataStore.queryOne(
        c,
        "SELECT db_comment, properties FROM sk_database WHERE db_name = ?",
        rs ->
            new CatalogDatabaseImpl(
                keys.open(TableCodec.fromJson(rs.getString(2))), rs.getString(1)),
        db);
  }

  static boolean databaseExists(Connection c, String db) throws SQLException {
    return exists(c, "SELECT 1 FROM sk_database WHERE db_name = ?", db);
  }

  static int insertDatabase(
      Connection c, DataKeys keys, String db, CatalogDatabase database, long now)
      throws SQLException {
    return MetadataStore.update(
        c,
        "INSERT INTO sk_database (db_name, db_comment, properties, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        db,
        database.getComment(),
        TableCodec.toJson(keys.seal(c, database.getProperties())),
        now,
        now);
  }

  static int updateDatabase(
      Connection c, DataKeys keys, String db, CatalogDatabase database, long now)
      throws SQLException {
    return MetadataStore.update(
        c,
        "UPDATE sk_database SET db_comment = ?, properties = ?, updated_at = ? WHERE db_name = ?",
        database.getComment(),
        TableCodec.toJson(keys.seal(c, database.getProperties())),
        now,
        db);
  }

  /** How many tables, views, functions and models {@code db} holds. */
  static long databaseObjectCount(Connection c, String db) throws SQLException {
    long count = 0;
    for (String table : List.of("sk_object", "sk_function", "sk_model")) {
      count +=
          MetadataStore.queryOne(
                  c,
                  "SELECT COUNT(*) FROM " + table + " WHERE db_name = ?",
                  rs -> rs.getLong(1),
                  db)
              .orElse(0L);
    }
    return count;
  }

  /** Deletes {@code db} with everything in it. */
  static void deleteDatabase(Connection c, String db) throws SQLException {
    for (String table : DATABASE_CONTENT) {
      MetadataStore.update(c, "DELETE FROM " + table + " WHERE db_name = ?", db);
    }
    MetadataStore.update(c, "DELETE FROM sk_database WHERE db_name = ?", db);
  }

  // ------------------------------------------------------------------------------------------
  // sk_object: tables and views
  // ------------------------------------------------------------------------------------------

  /** Names of the tables and views of {@code db}, or only its views. */
  static List<String> objectNames(Connection c, String db, boolean viewsOnly) throws SQLException {
    return MetadataStore.query(
        c,
        "SELECT object_name FROM sk_object WHERE db_name = ?"
            + (viewsOnly ? " AND object_kind = '" + TableCodec.KIND_VIEW + "'" : "")
            + " ORDER BY object_name",
        rs -> rs.getString(1),
        db);
  }

  /**
   * The object at {@code path}. Its definition is left out (null) when the stored version is {@code
   * knownVersion}, so a cached definition does not travel again.
   */
  static Optional<ObjectRow> object(Connection c, DataKeys keys, ObjectPath path, long knownVersion)
      throws SQLException {
    return MetadataStore.queryOne(
        c,
        "SELECT version, object_kind, CASE WHEN version = ? THEN NULL ELSE definition END,"
            + " updated_at FROM sk_object WHERE db_name = ? AND object_name = ?",
        rs ->
            new ObjectRow(
                rs.getLong(1), rs.getString(2), keys.openJson(rs.getString(3)), rs.getLong(4)),
        knownVersion,
        path.getDatabaseName(),
        path.getObjectName());
  }

  static boolean objectExists(Connection c, ObjectPath path) throws SQLException {
    return exists(
        c,
        "SELECT 1 FROM sk_object WHERE db_name = ? AND object_name = ?",
        path.getDatabaseName(),
        path.getObjectName());
  }

  /** Inserts a new object at version 1. */
  static int insertObject(
      Connection c, DataKeys keys, ObjectPath path, String kind, String definition, long now)
      throws SQLException {
    return MetadataStore.update(
        c,
        "INSERT INTO sk_object (db_name, object_name, object_kind, definition, version,"
            + " created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
        path.getDatabaseName(),
        path.getObjectName(),
        kind,
        keys.sealJson(c, definition),
        now,
        now);
  }

  /**
   * Replaces the definition and bumps the version, only if the object is still at {@code
   * expectedVersion}; false if it is not (or is gone).
   */
  static boolean updateObjectAt(
      Connection c,
      DataKeys keys,
      ObjectPath path,
      String definition,
      long now,
      long expectedVersion)
      throws SQLException {
    return MetadataStore.update(
            c,
            "UPDATE sk_object SET definition = ?, version = version + 1, updated_at = ?"
                + " WHERE db_name = ? AND object_name = ? AND version = ?",
            keys.sealJson(c, definition),
            now,
            path.getDatabaseName(),
            path.getObjectName(),
            expectedVersion)
        == 1;
  }

  /** Marks an object as checked now without changing it (its version stays). */
  static void touchObject(Connection c, ObjectPath path, long version, long now)
      throws SQLException {
    MetadataStore.update(
        c,
        "UPDATE sk_object SET updated_at = ? WHERE db_name = ? AND object_name = ? AND version = ?",
        now,
        path.getDatabaseName(),
        path.getObjectName(),
        version);
  }

  /** Renames an object and its partitions within its database, bumping its version. */
  static void renameObject(Connection c, ObjectPath path, String newName, long now)
      throws SQLException {
    MetadataStore.update(
        c,
        "UPDATE sk_object SET object_name = ?, version = version + 1, updated_at = ?"
            + " WHERE db_name = ? AND object_name = ?",
        newName,
        now,
        path.getDatabaseName(),
        path.getObjectName());
    for (String table : List.of("sk_partition", "sk_statistics")) {
      MetadataStore.update(
          c,
          "UPDATE " + table + " SET object_name = ? WHERE db_name = ? AND object_name = ?",
          newName,
          path.getDatabaseName(),
          path.getObjectName());
    }
  }

  /**
   * Deletes an object with its partitions and statistics; returns how many objects were deleted (0
   * or 1).
   */
  static int deleteObject(Connection c, ObjectPath path) throws SQLException {
    for (String table : List.of("sk_statistics", "sk_partition")) {
      MetadataStore.update(
          c,
          "DELETE FROM " + table + " WHERE db_name = ? AND object_name = ?",
          path.getDatabaseName(),
          path.getObjectName());
    }
    return MetadataStore.update(
        c,
        "DELETE FROM sk_object WHERE db_name = ? AND object_name = ?",
        path.getDatabaseName(),
        path.getObjectName());
  }

  // ------------------------------------------------------------------------------------------
  // sk_partition: partitions, keyed by the id of their full spec (PartitionSpecs#id)
  // ------------------------------------------------------------------------------------------

  /** The stored specs of the partitions of {@code path}, in no particular order. */
  static List<Map<String, String>> partitionSpecs(Connection c, ObjectPath path)
      throws SQLException {
    return MetadataStore.query(
        c,
        "SELECT spec FROM sk_partition WHERE db_name = ? AND object_name = ?",
        rs -> TableCodec.fromJson(rs.getString(1)),
        path.getDatabaseName(),
        path.getObjectName());
  }

  static Optional<CatalogPartition> partition(
      Connection c, DataKeys keys, ObjectPath path, String id) throws SQLException {
    return MetadataStore.queryOne(
        c,
        "SELECT properties, partition_comment FROM sk_partition"
            + " WHERE db_name = ? AND object_name = ? AND partition_id = ?",
        rs ->
            new CatalogPartitionImpl(
                keys.open(TableCodec.fromJson(rs.getString(1))), rs.getString(2)),
        path.getDatabaseName(),
        path.getObjectName(),
        id);
  }

  static int insertPartition(
      Connection c,
      DataKeys keys,
      ObjectPath path,
      String id,
      Map<String, String> spec,
      CatalogPartition partition,
      long now)
      throws SQLException {
    return MetadataStore.update(
        c,
        "INSERT INTO sk_partition (db_name, object_name, partition_id, spec, properties,"
            + " partition_comment, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        path.getDatabaseName(),
        path.getObjectName(),
        id,
        TableCodec.toJson(spec),
        TableCodec.toJson(keys.seal(c, partition.getProperties())),
        partition.getComment(),
        now,
        now);
  }

  /** Returns how many partitions were changed (0 or 1). */
  static int updatePartition(
      Connection c, DataKeys keys, ObjectPath path, String id, CatalogPartition partition, long now)
      throws SQLException {
    return MetadataStore.update(
        c,
        "UPDATE sk_partition SET properties = ?, partition_comment = ?, updated_at = ?"
            + " WHERE db_name = ? AND object_name = ? AND partition_id = ?",
        TableCodec.toJson(keys.seal(c, partition.getProperties())),
        partition.getComment(),
        now,
        path.getDatabaseName(),
        path.getObjectName(),
        id);
  }

  /** Deletes a partition with its statistics; returns how many partitions were deleted (0 or 1). */
  static int deletePartition(Connection c, ObjectPath path, String id) throws SQLException {
    MetadataStore.update(
        c,
        "DELETE FROM sk_statistics WHERE db_name = ? AND object_name = ? AND partition_id = ?",
        path.getDatabaseName(),
        path.getObjectName(),
        id);
    return MetadataStore.update(
        c,
        "DELETE FROM sk_partition WHERE db_name = ? AND object_name = ? AND partition_id = ?",
        path.getDatabaseName(),
        path.getObjectName(),
        id);
  }

  // ------------------------------------------------------------------------------------------
  // sk_function: functions, their resources as JSON (FunctionResources)
  // ------------------------------------------------------------------------------------------

  static List<String> functionNames(Connection c, String db) throws SQLException {
    return MetadataStore.query(
        c,
        "SELECT function_name FROM sk_function WHERE db_name = ? ORDER BY function_name",
        rs -> rs.getString(1),
        db);
  }

  static Optional<CatalogFunction> function(Connection c, DataKeys keys, ObjectPath path)
      throws SQLException {
    return MetadataStore.queryOne(
        c,
        "SELECT class_name, function_language, resources, options FROM sk_function"
            + " WHERE db_name = ? AND function_name = ?",
        rs ->
            new CatalogFunctionImpl(
                rs.getString(1),
                FunctionLanguage.valueOf(rs.getString(2)),
                FunctionResources.decode(rs.getString(3), path),
                keys.open(TableCodec.fromJson(rs.getString(4)))),
        path.getDatabaseName(),
        path.getObjectName());
  }

  static boolean functionExists(Connection c, ObjectPath path) throws SQLException {
    return exists(
        c,
        "SELECT 1 FROM sk_function WHERE db_name = ? AND function_name = ?",
        path.getDatabaseName(),
        path.getObjectName());
  }

  static int insertFunction(
      Connection c, DataKeys keys, ObjectPath path, CatalogFunction function, long now)
      throws SQLException {
    return MetadataStore.update(
        c,
        "INSERT INTO sk_function (db_name, function_name, class_name, function_language,"
            + " resources, options, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        path.getDatabaseName(),
        path.getObjectName(),
        function.getClassName(),
        function.getFunctionLanguage().name(),
        FunctionResources.encode(function.getFunctionResources()),
        TableCodec.toJson(keys.seal(c, function.getOptions())),
        now,
        now);
  }

  /** Returns how many functions were changed (0 or 1). */
  static int updateFunction(
      Connection c, DataKeys keys, ObjectPath path, CatalogFunction function, long now)
      throws SQLException {
    return MetadataStore.update(
        c,
        "UPDATE sk_function SET class_name = ?, function_language = ?, resources = ?,"
            + " options = ?, updated_at = ? WHERE db_name = ? AND function_name = ?",
        function.getClassName(),
        function.getFunctionLanguage().name(),
        FunctionResources.encode(function.getFunctionResources()),
        TableCodec.toJson(keys.seal(c, function.getOptions())),
        now,
        path.getDatabaseName(),
        path.getObjectName());
  }

  /** Returns how many functions were deleted (0 or 1). */
  static int deleteFunction(Connection c, ObjectPath path) throws SQLException {
    return MetadataStore.update(
        c,
        "DELETE FROM sk_function WHERE db_name = ? AND function_name = ?",
        path.getDatabaseName(),
        path.getObjectName());
  }

  // ------------------------------------------------------------------------------------------
  // sk_catalog: catalog definitions of the CatalogStore
  // ------------------------------------------------------------------------------------------

  static List<String> catalogNames(Connection c) throws SQLException {
    return MetadataStore.query(c, "SELECT catalog_name FROM sk_catalog", rs -> rs.getString(1));
  }

  static Optional<CatalogDescriptor> catalog(Connection c, DataKeys keys, String name)
      throws SQLException {
    return MetadataStore.queryOne(
        c,
        "SELECT options, catalog_comment FROM sk_catalog WHERE catalog_name = ?",
        rs -> {
          Configuration conf =
              Configuration.fromMap(keys.open(TableCodec.fromJson(rs.getString(1))));
          String comment = rs.getString(2);
          return comment == null
              ? CatalogDescriptor.of(name, conf)
              : CatalogDescriptor.of(name, conf, comment);
        },
        name);
  }

  static int insertCatalog(
      Connection c, DataKeys keys, String name, CatalogDescriptor descriptor, long now)
      throws SQLException {
    return MetadataStore.update(
        c,
        "INSERT INTO sk_catalog (catalog_name, options, catalog_comment, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        name,
        TableCodec.toJson(keys.seal(c, descriptor.getConfiguration().toMap())),
        descriptor.getComment().orElse(null),
        now,
        now);
  }

  /** Returns how many catalogs were deleted (0 or 1). */
  static int deleteCatalog(Connection c, String name) throws SQLException {
    return MetadataStore.update(c, "DELETE FROM sk_catalog WHERE catalog_name = ?", name);
  }

  private static boolean exists(Connection c, String sql, Object... params) throws SQLException {
    return MetadataStore.queryOne(c, sql, rs -> true, params).isPresent();
  }
}
