package io.streamkit.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.table.catalog.AbstractCatalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogFunctionImpl;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionImpl;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.FunctionLanguage;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.TableChange;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionAlreadyExistsException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionSpecInvalidException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.table.factories.Factory;
import org.apache.flink.table.resource.ResourceType;
import org.apache.flink.table.resource.ResourceUri;

/**
 * A Flink catalog whose databases, tables, views, partitions and functions live in a relational
 * database (H2, MySQL/MariaDB or PostgreSQL), so they outlive every session and are shared by all.
 *
 * <p>Every change is one database transaction. Tables carry a version: an ALTER based on a version
 * that another session has changed since fails with a conflict instead of overwriting that change.
 * Secret option values (passwords, tokens, ...) are stored but shown masked; only the connector
 * receives them, through {@link #getFactory()}.
 */
public class StreamkitCatalog extends AbstractCatalog {
  private static final TypeReference<List<Map<String, String>>> RESOURCES =
      new TypeReference<>() {};

  private final JdbcSettings settings;
  private final Secrets secrets;
  private final long cacheMaxSize;
  private final ClassLoader classLoader;

  /** Decoded objects by path; each use re-checks the version, so the cache is never stale. */
  private Cache<ObjectPath, StoredObject> cache;

  /** The version of each object this session last read: the base of its next ALTER. */
  private final Map<ObjectPath, Long> readVersions = new ConcurrentHashMap<>();

  private MetadataStore store;

  StreamkitCatalog(
      String name,
      String defaultDatabase,
      JdbcSettings settings,
      List<String> secretKeys,
      long cacheMaxSize,
      ClassLoader classLoader) {
    super(name, defaultDatabase);
    this.settings = settings;
    this.secrets = new Secrets(secretKeys);
    this.cacheMaxSize = cacheMaxSize;
    this.classLoader = classLoader;
  }

  /** A table or view as stored, and the masked form the catalog shows. */
  private record StoredObject(
      long version, String kind, CatalogBaseTable table, CatalogBaseTable shown) {}

  @Override
  public void open() throws CatalogException {
    store = MetadataStore.open(settings, classLoader);
    cache = Caffeine.newBuilder().maximumSize(cacheMaxSize).build();
    try {
      createDatabase(getDefaultDatabase(), new CatalogDatabaseImpl(Map.of(), null), true);
    } catch (DatabaseAlreadyExistException e) {
      throw new IllegalStateException(e); // cannot happen with ignoreIfExists
    }
  }

  @Override
  public void close() throws CatalogException {
    if (store != null) {
      store.close();
      store = null;
    }
  }

  @Override
  public Optional<Factory> getFactory() {
    return Optional.of(new SecretResolvingTableFactory(this));
  }

  // ------------------------------------------------------------------------------------------
  // databases
  // ------------------------------------------------------------------------------------------

  @Override
  public List<String> listDatabases() throws CatalogException {
    return store.read(
        "list databases",
        c ->
            MetadataStore.query(
                c, "SELECT db_name FROM sk_database ORDER BY db_name", rs -> rs.getString(1)));
  }

  @Override
  public CatalogDatabase getDatabase(String databaseName)
      throws DatabaseNotExistException, CatalogException {
    return store
        .read(
            "read database " + databaseName,
            c ->
                MetadataStore.queryOne(
                    c,
                    "SELECT db_comment, properties FROM sk_database WHERE db_name = ?",
                    rs ->
                        (CatalogDatabase)
                            new CatalogDatabaseImpl(
                                TableCodec.fromJson(rs.getString(2)), rs.getString(1)),
                    databaseName))
        .orElseThrow(() -> new DatabaseNotExistException(getName(), databaseName));
  }

  @Override
  public boolean databaseExists(String databaseName) throws CatalogException {
    return store.read("read database " + databaseName, c -> databaseExists(c, databaseName));
  }

  private static boolean databaseExists(Connection c, String databaseName) throws SQLException {
    return MetadataStore.queryOne(
            c, "SELECT 1 FROM sk_database WHERE db_name = ?", rs -> true, databaseName)
        .isPresent();
  }

  @Override
  public void createDatabase(String name, CatalogDatabase database, boolean ignoreIfExists)
      throws DatabaseAlreadyExistException, CatalogException {
    long now = System.currentTimeMillis();
    try {
      store.write(
          "create database " + name,
          c ->
              MetadataStore.update(
                  c,
                  "INSERT INTO sk_database (db_name, db_comment, properties, created_at,"
                      + " updated_at) VALUES (?, ?, ?, ?, ?)",
                  name,
                  database.getComment(),
                  TableCodec.toJson(database.getProperties()),
                  now,
                  now));
    } catch (SQLException e) {
      if (!Dialect.isDuplicateKey(e)) {
        throw store.failure("create database " + name, e);
      }
      if (!ignoreIfExists) {
        throw new DatabaseAlreadyExistException(getName(), name);
      }
    }
  }

  @Override
  public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade)
      throws DatabaseNotExistException, DatabaseNotEmptyException, CatalogException {
    Outcome outcome =
        store.writeOrFail(
            "drop database " + name,
            c -> {
              if (!databaseExists(c, name)) {
                return Outcome.NOT_FOUND;
              }
              long objects = count(c, "sk_object", name) + count(c, "sk_function", name);
              if (objects > 0 && !cascade) {
                return Outcome.NOT_EMPTY;
              }
              for (String table : List.of("sk_partition", "sk_object", "sk_function")) {
                MetadataStore.update(c, "DELETE FROM " + table + " WHERE db_name = ?", name);
              }
              MetadataStore.update(c, "DELETE FROM sk_database WHERE db_name = ?", name);
              return Outcome.DONE;
            });
    cache.asMap().keySet().removeIf(p -> p.getDatabaseName().equals(name));
    if (outcome == Outcome.NOT_FOUND && !ignoreIfNotExists) {
      throw new DatabaseNotExistException(getName(), name);
    }
    if (outcome == Outcome.NOT_EMPTY) {
      throw new DatabaseNotEmptyException(getName(), name);
    }
  }

  private static long count(Connection c, String table, String db) throws SQLException {
    return MetadataStore.queryOne(
            c, "SELECT COUNT(*) FROM " + table + " WHERE db_name = ?", rs -> rs.getLong(1), db)
        .orElse(0L);
  }

  @Override
  public void alterDatabase(String name, CatalogDatabase newDatabase, boolean ignoreIfNotExists)
      throws DatabaseNotExistException, CatalogException {
    int updated =
        store.writeOrFail(
            "alter database " + name,
            c ->
                MetadataStore.update(
                    c,
                    "UPDATE sk_database SET db_comment = ?, properties = ?, updated_at = ?"
                        + " WHERE db_name = ?",
                    newDatabase.getComment(),
                    TableCodec.toJson(newDatabase.getProperties()),
                    System.currentTimeMillis(),
                    name));
    if (updated == 0 && !ignoreIfNotExists) {
      throw new DatabaseNotExistException(getName(), name);
    }
  }

  // ------------------------------------------------------------------------------------------
  // tables and views
  // ------------------------------------------------------------------------------------------

  @Override
  public List<String> listTables(String databaseName)
      throws DatabaseNotExistException, CatalogException {
    return listObjects(databaseName, "SELECT object_name FROM sk_object WHERE db_name = ?");
  }

  @Override
  public List<String> listViews(String databaseName)
      throws DatabaseNotExistException, CatalogException {
    return listObjects(
        databaseName,
        "SELECT object_name FROM sk_object WHERE db_name = ? AND object_kind = '"
            + TableCodec.KIND_VIEW
            + "'");
  }

  private List<String> listObjects(String databaseName, String sql)
      throws DatabaseNotExistException {
    Optional<List<String>> names =
        store.read(
            "list objects of " + databaseName,
            c -> {
              if (!databaseExists(c, databaseName)) {
                return Optional.empty();
              }
              return Optional.of(
                  MetadataStore.query(
                      c, sql + " ORDER BY object_name", rs -> rs.getString(1), databaseName));
            });
    return names.orElseThrow(() -> new DatabaseNotExistException(getName(), databaseName));
  }

  @Override
  public CatalogBaseTable getTable(ObjectPath path)
      throws TableNotExistException, CatalogException {
    return load(path).shown();
  }

  /** The stored object, from the cache when the database still has the cached version. */
  private StoredObject load(ObjectPath path) throws TableNotExistException {
    StoredObject cached = cache.getIfPresent(path);
    long cachedVersion = cached == null ? -1 : cached.version();
    Optional<StoredObject> row =
        store.read(
            "read " + path.getFullName(),
            c ->
                MetadataStore.queryOne(
                    c,
                    // The definition travels only when it changed since the cached version.
                    "SELECT version, object_kind, CASE WHEN version = ? THEN NULL ELSE definition"
                        + " END FROM sk_object WHERE db_name = ? AND object_name = ?",
                    rs -> {
                      long version = rs.getLong(1);
                      String definition = rs.getString(3);
                      return definition == null
                          ? cached
                          : decode(version, rs.getString(2), definition);
                    },
                    cachedVersion,
                    path.getDatabaseName(),
                    path.getObjectName()));
    StoredObject object = row.orElseThrow(() -> new TableNotExistException(getName(), path));
    if (object != cached) {
      cache.put(path, object);
    }
    readVersions.put(path, object.version());
    return object;
  }

  private StoredObject decode(long version, String kind, String definition) {
    CatalogBaseTable table = TableCodec.decode(kind, definition);
    CatalogBaseTable shown =
        table instanceof CatalogTable t ? t.copy(secrets.mask(t.getOptions())) : table;
    return new StoredObject(version, kind, table, shown);
  }

  /** The real options of a table, secrets included; for the connector factory only. */
  Map<String, String> storedOptions(ObjectPath path) throws TableNotExistException {
    return load(path).table().getOptions();
  }

  @Override
  public boolean tableExists(ObjectPath path) throws CatalogException {
    return store.read("read " + path.getFullName(), c -> objectExists(c, path));
  }

  private static boolean objectExists(Connection c, ObjectPath path) throws SQLException {
    return MetadataStore.queryOne(
            c,
            "SELECT 1 FROM sk_object WHERE db_name = ? AND object_name = ?",
            rs -> true,
            path.getDatabaseName(),
            path.getObjectName())
        .isPresent();
  }

  @Override
  public void createTable(ObjectPath path, CatalogBaseTable table, boolean ignoreIfExists)
      throws TableAlreadyExistException, DatabaseNotExistException, CatalogException {
    rejectMaskedSecrets(path, table.getOptions());
    String kind = TableCodec.kindOf(table);
    String definition = TableCodec.encode(table);
    long now = System.currentTimeMillis();
    Outcome outcome;
    try {
      outcome =
          store.write(
              "create " + path.getFullName(),
              c -> {
                if (!databaseExists(c, path.getDatabaseName())) {
                  return Outcome.NOT_FOUND;
                }
                MetadataStore.update(
                    c,
                    "INSERT INTO sk_object (db_name, object_name, object_kind, definition,"
                        + " version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
                    path.getDatabaseName(),
                    path.getObjectName(),
                    kind,
                    definition,
                    now,
                    now);
                return Outcome.DONE;
              });
    } catch (SQLException e) {
      if (!Dialect.isDuplicateKey(e)) {
        throw store.failure("create " + path.getFullName(), e);
      }
      outcome = Outcome.EXISTS;
    }
    if (outcome == Outcome.NOT_FOUND) {
      throw new DatabaseNotExistException(getName(), path.getDatabaseName());
    }
    if (outcome == Outcome.EXISTS && !ignoreIfExists) {
      throw new TableAlreadyExistException(getName(), path);
    }
    cache.invalidate(path);
  }

  private void rejectMaskedSecrets(ObjectPath path, Map<String, String> options) {
    for (Map.Entry<String, String> e : options.entrySet()) {
      if (Secrets.MASK.equals(e.getValue()) && secrets.isSecret(e.getKey())) {
        throw new CatalogException(
            String.format(
                "Option '%s' of %s has the masked value '%s', probably copied from SHOW CREATE"
                    + " TABLE or CREATE TABLE ... LIKE. Give the real value in the WITH clause.",
                e.getKey(), path.getFullName(), Secrets.MASK));
      }
    }
  }

  @Override
  public void alterTable(ObjectPath path, CatalogBaseTable newTable, boolean ignoreIfNotExists)
      throws TableNotExistException, CatalogException {
    alterTable(path, newTable, List.of(), ignoreIfNotExists);
  }

  @Override
  public void alterTable(
      ObjectPath path,
      CatalogBaseTable newTable,
      List<TableChange> tableChanges,
      boolean ignoreIfNotExists)
      throws TableNotExistException, CatalogException {
    Long base = readVersions.get(path);
    long now = System.currentTimeMillis();
    long[] seen = new long[1];
    Outcome outcome =
        store.writeOrFail(
            "alter " + path.getFullName(),
            c -> {
              Optional<StoredObject> current =
                  MetadataStore.queryOne(
                      c,
                      "SELECT version, object_kind, definition FROM sk_object"
                          + " WHERE db_name = ? AND object_name = ?",
                      rs -> decode(rs.getLong(1), rs.getString(2), rs.getString(3)),
                      path.getDatabaseName(),
                      path.getObjectName());
              if (current.isEmpty()) {
                return Outcome.NOT_FOUND;
              }
              StoredObject old = current.get();
              seen[0] = old.version();
              long expected = base == null ? old.version() : base;
              if (!old.kind().equals(TableCodec.kindOf(newTable))) {
                throw new CatalogException(
                    String.format(
                        "%s is a %s; it cannot be altered into a %s.",
                        path.getFullName(),
                        old.kind().toLowerCase(),
                        TableCodec.kindOf(newTable).toLowerCase()));
              }
              CatalogBaseTable toStore = newTable;
              if (newTable instanceof ResolvedCatalogTable resolved) {
                toStore =
                    resolved.copy(Secrets.unmask(resolved.getOptions(), old.table().getOptions()));
              }
              rejectMaskedSecrets(path, toStore.getOptions());
              int updated =
                  MetadataStore.update(
                      c,
                      "UPDATE sk_object SET definition = ?, version = version + 1, updated_at = ?"
                          + " WHERE db_name = ? AND object_name = ? AND version = ?",
                      TableCodec.encode(toStore),
                      now,
                      path.getDatabaseName(),
                      path.getObjectName(),
                      expected);
              return updated == 1 ? Outcome.DONE : Outcome.CONFLICT;
            });
    cache.invalidate(path);
    switch (outcome) {
      case NOT_FOUND:
        if (!ignoreIfNotExists) {
          throw new TableNotExistException(getName(), path);
        }
        return;
      case CONFLICT:
        readVersions.remove(path);
        throw new CatalogException(
            String.format(
                "Concurrent change: %s.%s was changed by another session (now at version %d) after"
                    + " this session read it at version %d. Nothing was written. Run the statement"
                    + " again to apply it to the current definition.",
                getName(), path.getFullName(), seen[0], base));
      default:
        readVersions.put(path, seen[0] + 1);
    }
  }

  @Override
  public void renameTable(ObjectPath path, String newName, boolean ignoreIfNotExists)
      throws TableNotExistException, TableAlreadyExistException, CatalogException {
    ObjectPath target = new ObjectPath(path.getDatabaseName(), newName);
    Outcome outcome;
    try {
      outcome =
          store.write(
              "rename " + path.getFullName(),
              c -> {
                if (!objectExists(c, path)) {
                  return Outcome.NOT_FOUND;
                }
                if (objectExists(c, target)) {
                  return Outcome.EXISTS;
                }
                MetadataStore.update(
                    c,
                    "UPDATE sk_object SET object_name = ?, version = version + 1, updated_at = ?"
                        + " WHERE db_name = ? AND object_name = ?",
                    newName,
                    System.currentTimeMillis(),
                    path.getDatabaseName(),
                    path.getObjectName());
                MetadataStore.update(
                    c,
                    "UPDATE sk_partition SET object_name = ? WHERE db_name = ? AND object_name = ?",
                    newName,
                    path.getDatabaseName(),
                    path.getObjectName());
                return Outcome.DONE;
              });
    } catch (SQLException e) {
      if (!Dialect.isDuplicateKey(e)) {
        throw store.failure("rename " + path.getFullName(), e);
      }
      outcome = Outcome.EXISTS;
    }
    cache.invalidate(path);
    cache.invalidate(target);
    if (outcome == Outcome.NOT_FOUND && !ignoreIfNotExists) {
      throw new TableNotExistException(getName(), path);
    }
    if (outcome == Outcome.EXISTS) {
      throw new TableAlreadyExistException(getName(), target);
    }
  }

  @Override
  public void dropTable(ObjectPath path, boolean ignoreIfNotExists)
      throws TableNotExistException, CatalogException {
    int deleted =
        store.writeOrFail(
            "drop " + path.getFullName(),
            c -> {
              MetadataStore.update(
                  c,
                  "DELETE FROM sk_partition WHERE db_name = ? AND object_name = ?",
                  path.getDatabaseName(),
                  path.getObjectName());
              return MetadataStore.update(
                  c,
                  "DELETE FROM sk_object WHERE db_name = ? AND object_name = ?",
                  path.getDatabaseName(),
                  path.getObjectName());
            });
    cache.invalidate(path);
    readVersions.remove(path);
    if (deleted == 0 && !ignoreIfNotExists) {
      throw new TableNotExistException(getName(), path);
    }
  }

  // ------------------------------------------------------------------------------------------
  // partitions
  // ------------------------------------------------------------------------------------------

  private List<String> partitionKeys(ObjectPath path)
      throws TableNotExistException, TableNotPartitionedException {
    CatalogBaseTable table = load(path).table();
    if (!(table instanceof CatalogTable t) || !t.isPartitioned()) {
      throw new TableNotPartitionedException(getName(), path);
    }
    return t.getPartitionKeys();
  }

  private List<String> fullSpecKeys(ObjectPath path, CatalogPartitionSpec spec)
      throws TableNotExistException, TableNotPartitionedException, PartitionSpecInvalidException {
    List<String> keys = partitionKeys(path);
    if (!PartitionSpecs.isFull(keys, spec)) {
      throw new PartitionSpecInvalidException(getName(), keys, path, spec);
    }
    return keys;
  }

  @Override
  public List<CatalogPartitionSpec> listPartitions(ObjectPath path)
      throws TableNotExistException, TableNotPartitionedException, CatalogException {
    List<String> keys = partitionKeys(path);
    List<CatalogPartitionSpec> specs =
        store.read(
            "list partitions of " + path.getFullName(),
            c ->
                MetadataStore.query(
                    c,
                    "SELECT spec FROM sk_partition WHERE db_name = ? AND object_name = ?",
                    rs ->
                        new CatalogPartitionSpec(
                            PartitionSpecs.ordered(
                                keys,
                                new CatalogPartitionSpec(TableCodec.fromJson(rs.getString(1))))),
                    path.getDatabaseName(),
                    path.getObjectName()));
    List<CatalogPartitionSpec> sorted = new ArrayList<>(specs);
    sorted.sort(Comparator.comparing(s -> s.getPartitionSpec().toString()));
    return sorted;
  }

  @Override
  public List<CatalogPartitionSpec> listPartitions(
      ObjectPath path, CatalogPartitionSpec partialSpec)
      throws TableNotExistException,
          TableNotPartitionedException,
          PartitionSpecInvalidException,
          CatalogException {
    List<String> keys = partitionKeys(path);
    if (!PartitionSpecs.isPartial(keys, partialSpec)) {
      throw new PartitionSpecInvalidException(getName(), keys, path, partialSpec);
    }
    return listPartitions(path).stream()
        .filter(spec -> PartitionSpecs.matches(spec, partialSpec))
        .toList();
  }

  /** Not pushed into the database: Flink then lists all partitions and prunes them itself. */
  @Override
  public List<CatalogPartitionSpec> listPartitionsByFilter(
      ObjectPath path, List<Expression> filters) {
    throw new UnsupportedOperationException(
        "The streamkit catalog does not evaluate partition filters; Flink prunes instead.");
  }

  @Override
  public CatalogPartition getPartition(ObjectPath path, CatalogPartitionSpec spec)
      throws PartitionNotExistException, CatalogException {
    List<String> keys;
    try {
      keys = fullSpecKeys(path, spec);
    } catch (TableNotExistException
        | TableNotPartitionedException
        | PartitionSpecInvalidException e) {
      throw new PartitionNotExistException(getName(), path, spec, e);
    }
    return store
        .read(
            "read partition of " + path.getFullName(),
            c ->
                MetadataStore.queryOne(
                    c,
                    "SELECT properties, partition_comment FROM sk_partition"
                        + " WHERE db_name = ? AND object_name = ? AND partition_id = ?",
                    rs ->
                        (CatalogPartition)
                            new CatalogPartitionImpl(
                                TableCodec.fromJson(rs.getString(1)), rs.getString(2)),
                    path.getDatabaseName(),
                    path.getObjectName(),
                    PartitionSpecs.id(keys, spec)))
        .orElseThrow(() -> new PartitionNotExistException(getName(), path, spec));
  }

  @Override
  public boolean partitionExists(ObjectPath path, CatalogPartitionSpec spec)
      throws CatalogException {
    try {
      getPartition(path, spec);
      return true;
    } catch (PartitionNotExistException e) {
      return false;
    }
  }

  @Override
  public void createPartition(
      ObjectPath path,
      CatalogPartitionSpec spec,
      CatalogPartition partition,
      boolean ignoreIfExists)
      throws TableNotExistException,
          TableNotPartitionedException,
          PartitionSpecInvalidException,
          PartitionAlreadyExistsException,
          CatalogException {
    List<String> keys = fullSpecKeys(path, spec);
    long now = System.currentTimeMillis();
    try {
      store.write(
          "create partition of " + path.getFullName(),
          c ->
              MetadataStore.update(
                  c,
                  "INSERT INTO sk_partition (db_name, object_name, partition_id, spec, properties,"
                      + " partition_comment, created_at, updated_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  path.getDatabaseName(),
                  path.getObjectName(),
                  PartitionSpecs.id(keys, spec),
                  TableCodec.toJson(spec.getPartitionSpec()),
                  TableCodec.toJson(partition.getProperties()),
                  partition.getComment(),
                  now,
                  now));
    } catch (SQLException e) {
      if (!Dialect.isDuplicateKey(e)) {
        throw store.failure("create partition of " + path.getFullName(), e);
      }
      if (!ignoreIfExists) {
        throw new PartitionAlreadyExistsException(getName(), path, spec);
      }
    }
  }

  @Override
  public void dropPartition(ObjectPath path, CatalogPartitionSpec spec, boolean ignoreIfNotExists)
      throws PartitionNotExistException, CatalogException {
    changePartition(
        path,
        spec,
        ignoreIfNotExists,
        "DELETE FROM sk_partition WHERE db_name = ? AND object_name = ? AND partition_id = ?");
  }

  @Override
  public void alterPartition(
      ObjectPath path,
      CatalogPartitionSpec spec,
      CatalogPartition newPartition,
      boolean ignoreIfNotExists)
      throws PartitionNotExistException, CatalogException {
    changePartition(
        path,
        spec,
        ignoreIfNotExists,
        "UPDATE sk_partition SET properties = ?, partition_comment = ?, updated_at = ?"
            + " WHERE db_name = ? AND object_name = ? AND partition_id = ?",
        TableCodec.toJson(newPartition.getProperties()),
        newPartition.getComment(),
        System.currentTimeMillis());
  }

  /** Runs {@code sql}, whose last three parameters are the partition's key, on one partition. */
  private void changePartition(
      ObjectPath path,
      CatalogPartitionSpec spec,
      boolean ignoreIfNotExists,
      String sql,
      Object... leadingParams)
      throws PartitionNotExistException {
    List<String> keys;
    try {
      keys = fullSpecKeys(path, spec);
    } catch (TableNotExistException
        | TableNotPartitionedException
        | PartitionSpecInvalidException e) {
      if (ignoreIfNotExists) {
        return;
      }
      throw new PartitionNotExistException(getName(), path, spec, e);
    }
    Object[] params = new Object[leadingParams.length + 3];
    System.arraycopy(leadingParams, 0, params, 0, leadingParams.length);
    params[leadingParams.length] = path.getDatabaseName();
    params[leadingParams.length + 1] = path.getObjectName();
    params[leadingParams.length + 2] = PartitionSpecs.id(keys, spec);
    int changed =
        store.writeOrFail(
            "change partition of " + path.getFullName(), c -> MetadataStore.update(c, sql, params));
    if (changed == 0 && !ignoreIfNotExists) {
      throw new PartitionNotExistException(getName(), path, spec);
    }
  }

  // ------------------------------------------------------------------------------------------
  // functions
  // ------------------------------------------------------------------------------------------

  @Override
  public List<String> listFunctions(String dbName)
      throws DatabaseNotExistException, CatalogException {
    Optional<List<String>> names =
        store.read(
            "list functions of " + dbName,
            c -> {
              if (!databaseExists(c, dbName)) {
                return Optional.empty();
              }
              return Optional.of(
                  MetadataStore.query(
                      c,
                      "SELECT function_name FROM sk_function WHERE db_name = ?"
                          + " ORDER BY function_name",
                      rs -> rs.getString(1),
                      dbName));
            });
    return names.orElseThrow(() -> new DatabaseNotExistException(getName(), dbName));
  }

  @Override
  public CatalogFunction getFunction(ObjectPath path)
      throws FunctionNotExistException, CatalogException {
    return store
        .read(
            "read function " + path.getFullName(),
            c ->
                MetadataStore.queryOne(
                    c,
                    "SELECT class_name, function_language, resources, options FROM sk_function"
                        + " WHERE db_name = ? AND function_name = ?",
                    rs ->
                        (CatalogFunction)
                            new CatalogFunctionImpl(
                                rs.getString(1),
                                FunctionLanguage.valueOf(rs.getString(2)),
                                decodeResources(rs.getString(3)),
                                TableCodec.fromJson(rs.getString(4))),
                    path.getDatabaseName(),
                    path.getObjectName()))
        .orElseThrow(() -> new FunctionNotExistException(getName(), path));
  }

  @Override
  public boolean functionExists(ObjectPath path) throws CatalogException {
    return store.read(
        "read function " + path.getFullName(),
        c ->
            MetadataStore.queryOne(
                    c,
                    "SELECT 1 FROM sk_function WHERE db_name = ? AND function_name = ?",
                    rs -> true,
                    path.getDatabaseName(),
                    path.getObjectName())
                .isPresent());
  }

  @Override
  public void createFunction(ObjectPath path, CatalogFunction function, boolean ignoreIfExists)
      throws FunctionAlreadyExistException, DatabaseNotExistException, CatalogException {
    long now = System.currentTimeMillis();
    Outcome outcome;
    try {
      outcome =
          store.write(
              "create function " + path.getFullName(),
              c -> {
                if (!databaseExists(c, path.getDatabaseName())) {
                  return Outcome.NOT_FOUND;
                }
                MetadataStore.update(
                    c,
                    "INSERT INTO sk_function (db_name, function_name, class_name,"
                        + " function_language, resources, options, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    path.getDatabaseName(),
                    path.getObjectName(),
                    function.getClassName(),
                    function.getFunctionLanguage().name(),
                    encodeResources(function.getFunctionResources()),
                    TableCodec.toJson(function.getOptions()),
                    now,
                    now);
                return Outcome.DONE;
              });
    } catch (SQLException e) {
      if (!Dialect.isDuplicateKey(e)) {
        throw store.failure("create function " + path.getFullName(), e);
      }
      outcome = Outcome.EXISTS;
    }
    if (outcome == Outcome.NOT_FOUND) {
      throw new DatabaseNotExistException(getName(), path.getDatabaseName());
    }
    if (outcome == Outcome.EXISTS && !ignoreIfExists) {
      throw new FunctionAlreadyExistException(getName(), path);
    }
  }

  @Override
  public void alterFunction(ObjectPath path, CatalogFunction newFunction, boolean ignoreIfNotExists)
      throws FunctionNotExistException, CatalogException {
    int updated =
        store.writeOrFail(
            "alter function " + path.getFullName(),
            c ->
                MetadataStore.update(
                    c,
                    "UPDATE sk_function SET class_name = ?, function_language = ?, resources = ?,"
                        + " options = ?, updated_at = ? WHERE db_name = ? AND function_name = ?",
                    newFunction.getClassName(),
                    newFunction.getFunctionLanguage().name(),
                    encodeResources(newFunction.getFunctionResources()),
                    TableCodec.toJson(newFunction.getOptions()),
                    System.currentTimeMillis(),
                    path.getDatabaseName(),
                    path.getObjectName()));
    if (updated == 0 && !ignoreIfNotExists) {
      throw new FunctionNotExistException(getName(), path);
    }
  }

  @Override
  public void dropFunction(ObjectPath path, boolean ignoreIfNotExists)
      throws FunctionNotExistException, CatalogException {
    int deleted =
        store.writeOrFail(
            "drop function " + path.getFullName(),
            c ->
                MetadataStore.update(
                    c,
                    "DELETE FROM sk_function WHERE db_name = ? AND function_name = ?",
                    path.getDatabaseName(),
                    path.getObjectName()));
    if (deleted == 0 && !ignoreIfNotExists) {
      throw new FunctionNotExistException(getName(), path);
    }
  }

  private static String encodeResources(List<ResourceUri> resources) {
    List<Map<String, String>> list =
        resources.stream()
            .map(r -> Map.of("type", r.getResourceType().name(), "uri", r.getUri()))
            .toList();
    try {
      return TableCodec.json().writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new CatalogException("Cannot encode function resources", e);
    }
  }

  private static List<ResourceUri> decodeResources(String json) {
    try {
      return TableCodec.json().readValue(json, RESOURCES).stream()
          .map(m -> new ResourceUri(ResourceType.valueOf(m.get("type")), m.get("uri")))
          .toList();
    } catch (JsonProcessingException e) {
      throw new CatalogException("Corrupt function resources in the catalog database", e);
    }
  }

  // ------------------------------------------------------------------------------------------
  // statistics: not stored; the planner treats every table as of unknown size.
  // ------------------------------------------------------------------------------------------

  @Override
  public CatalogTableStatistics getTableStatistics(ObjectPath path) {
    return CatalogTableStatistics.UNKNOWN;
  }

  @Override
  public CatalogColumnStatistics getTableColumnStatistics(ObjectPath path) {
    return CatalogColumnStatistics.UNKNOWN;
  }

  @Override
  public CatalogTableStatistics getPartitionStatistics(ObjectPath path, CatalogPartitionSpec spec) {
    return CatalogTableStatistics.UNKNOWN;
  }

  @Override
  public CatalogColumnStatistics getPartitionColumnStatistics(
      ObjectPath path, CatalogPartitionSpec spec) {
    return CatalogColumnStatistics.UNKNOWN;
  }

  @Override
  public void alterTableStatistics(
      ObjectPath path, CatalogTableStatistics stats, boolean ignoreIfNotExists) {
    throw statisticsNotStored();
  }

  @Override
  public void alterTableColumnStatistics(
      ObjectPath path, CatalogColumnStatistics stats, boolean ignoreIfNotExists) {
    throw statisticsNotStored();
  }

  @Override
  public void alterPartitionStatistics(
      ObjectPath path,
      CatalogPartitionSpec spec,
      CatalogTableStatistics stats,
      boolean ignoreIfNotExists) {
    throw statisticsNotStored();
  }

  @Override
  public void alterPartitionColumnStatistics(
      ObjectPath path,
      CatalogPartitionSpec spec,
      CatalogColumnStatistics stats,
      boolean ignoreIfNotExists) {
    throw statisticsNotStored();
  }

  private static UnsupportedOperationException statisticsNotStored() {
    return new UnsupportedOperationException(
        "The streamkit catalog does not store statistics (ANALYZE TABLE); the planner uses none.");
  }

  private enum Outcome {
    DONE,
    NOT_FOUND,
    EXISTS,
    NOT_EMPTY,
    CONFLICT
  }
}
