package io.streamkit.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.catalog.AbstractCatalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogFunctionImpl;
import org.apache.flink.table.catalog.CatalogModel;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.TableChange;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.ModelAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.ModelNotExistException;
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
import org.apache.flink.table.factories.FunctionDefinitionFactory;

/**
 * A Flink catalog whose databases, tables, views, partitions, functions, models and statistics live
 * in a relational database (H2, MySQL/MariaDB or PostgreSQL), so they outlive every session and are
 * shared by all.
 *
 * <p>Every change is one database transaction. Tables carry a version: an ALTER based on a version
 * that another session has changed since fails with a conflict instead of overwriting that change.
 * Secret option values (passwords, tokens, ...) are stored but shown masked; only the connector
 * receives them, through {@link #getFactory()}.
 *
 * <p>This class maps Flink's {@code Catalog} API onto its parts: tables and views are {@link
 * CatalogObjects} (cached, masked and version-checked there), partitions {@link TablePartitions},
 * statistics {@link CatalogStatistics}, models {@link CatalogModels}; every statement is in {@link
 * MetadataSql} and runs in a transaction of the {@link MetadataStore}.
 */
public class StreamkitCatalog extends AbstractCatalog {
  private final JdbcSettings settings;
  private final Secrets secrets;
  private final long cacheMaxSize;
  private final FunctionArtifacts artifacts;
  private final ClassLoader classLoader;
  private final MasterKey masterKey;

  private MetadataStore store;
  private CatalogObjects objects;
  private TablePartitions partitions;
  private CatalogStatistics statistics;
  private CatalogModels models;
  private KafkaDatabases kafka;

  StreamkitCatalog(
      String name,
      String defaultDatabase,
      JdbcSettings settings,
      List<String> secretKeys,
      long cacheMaxSize,
      String artifactsDir,
      ClassLoader classLoader) {
    this(
        name, defaultDatabase, settings, secretKeys, cacheMaxSize, artifactsDir, null, classLoader);
  }

  /** {@code masterKey} (null: none) wraps the data key that encrypts secrets ({@link DataKeys}). */
  StreamkitCatalog(
      String name,
      String defaultDatabase,
      JdbcSettings settings,
      List<String> secretKeys,
      long cacheMaxSize,
      String artifactsDir,
      MasterKey masterKey,
      ClassLoader classLoader) {
    super(name, defaultDatabase);
    this.masterKey = masterKey;
    this.settings = settings;
    this.secrets = new Secrets(secretKeys);
    this.cacheMaxSize = cacheMaxSize;
    this.artifacts = new FunctionArtifacts(artifactsDir);
    this.classLoader = classLoader;
  }

  @Override
  public void open() throws CatalogException {
    store = MetadataStore.open(settings, masterKey, secrets, classLoader);
    try {
      store.keys().checkOnOpen(store, "Catalog '" + getName() + "'");
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    objects = new CatalogObjects(getName(), store, secrets, cacheMaxSize);
    partitions = new TablePartitions(getName(), store, objects::partitionKeys);
    kafka = new KafkaDatabases(store, objects, secrets);
    statistics = new CatalogStatistics(getName(), store, kafka::shown, partitions);
    models = new CatalogModels(getName(), store, secrets);
    try {
      createDatabase(getDefaultDatabase(), new CatalogDatabaseImpl(Map.of(), null), true);
    } catch (DatabaseAlreadyExistException e) {
      throw new IllegalStateException(e); // cannot happen with ignoreIfExists
    }
  }

  /**
   * Rotates the key that encrypts secrets at rest (docs/catalog.md#encryption-at-rest): a new data
   * key re-encrypts every secret of the metadata database and is stored wrapped with the master key
   * that {@code newKeyOptions} names ({@code secret-key.file}, {@code secret-key.env} or {@code
   * secret-key.keystore.*}), all in one transaction. The catalog must be open with the current key
   * (or the database hold no encrypted secrets yet). Returns what was done, for people: key ids and
   * counts, never a key.
   */
  public String rotateSecretKey(Map<String, String> newKeyOptions) {
    MasterKey newKey =
        MasterKey.fromOptions(
                org.apache.flink.configuration.Configuration.fromMap(newKeyOptions),
                "new ",
                System.getenv())
            .orElseThrow(
                () ->
                    new CatalogException(
                        "Name the new key: "
                            + DataKeys.OPTIONS_HINT.replace("secret-key", "new secret-key")));
    DataKeys.Rotation done = store.keys().rotate(store, newKey);
    objects.forgetAll();
    if (done.oldKeyId() == null) {
      return "Created data key "
          + done.newKeyId()
          + ", wrapped with the key from "
          + newKey.source()
          + "; every plain-text secret of the catalog database is now encrypted.";
    }
    return "Rotated data key "
        + done.oldKeyId()
        + " -> "
        + done.newKeyId()
        + ", now wrapped with the key from "
        + newKey.source()
        + "; re-encrypted "
        + done.values()
        + " secret values in "
        + done.rows()
        + " rows. The old key no longer opens the catalog.";
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

  /** Functions whose class is a Hive UDF are wrapped (hive-functions); others as Flink does. */
  @Override
  public Optional<FunctionDefinitionFactory> getFunctionDefinitionFactory() {
    return Optional.of(new CatalogFunctionDefinitions());
  }

  // ------------------------------------------------------------------------------------------
  // databases
  // ------------------------------------------------------------------------------------------

  @Override
  public List<String> listDatabases() throws CatalogException {
    return store.read("list databases", MetadataSql::databaseNames);
  }

  @Override
  public CatalogDatabase getDatabase(String databaseName)
      throws DatabaseNotExistException, CatalogException {
    CatalogDatabase database =
        store
            .read(
                "read database " + databaseName,
                c -> MetadataSql.database(c, store.keys(), databaseName))
            .orElseThrow(() -> new DatabaseNotExistException(getName(), databaseName));
    // A Kafka database's properties hold the cluster's credentials: shown masked, like tables'.
    return new CatalogDatabaseImpl(secrets.mask(database.getProperties()), database.getComment());
  }

  @Override
  public boolean databaseExists(String databaseName) throws CatalogException {
    return store.read(
        "read database " + databaseName, c -> MetadataSql.databaseExists(c, databaseName));
  }

  @Override
  public void createDatabase(String name, CatalogDatabase database, boolean ignoreIfExists)
      throws DatabaseAlreadyExistException, CatalogException {
    if (KafkaClusters.isKafka(database.getProperties())) {
      if (ignoreIfExists && databaseExists(name)) {
        return;
      }
      secrets.rejectMasked("database " + name, database.getProperties());
      KafkaClusters.check(name, database.getProperties()); // reachable now, or refused
    }
    long now = System.currentTimeMillis();
    boolean created =
        store
            .writeUnlessDuplicate(
                "create database " + name,
                c -> MetadataSql.insertDatabase(c, store.keys(), name, database, now))
            .isPresent();
    if (!created && !ignoreIfExists) {
      throw new DatabaseAlreadyExistException(getName(), name);
    }
  }

  @Override
  public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade)
      throws DatabaseNotExistException, DatabaseNotEmptyException, CatalogException {
    Outcome outcome =
        store.writeOrFail(
            "drop database " + name,
            c -> {
              if (!MetadataSql.databaseExists(c, name)) {
                return Outcome.NOT_FOUND;
              }
              if (!cascade && MetadataSql.databaseObjectCount(c, name) > 0) {
                return Outcome.NOT_EMPTY;
              }
              MetadataSql.deleteDatabase(c, name);
              return Outcome.DONE;
            });
    objects.forgetDatabase(name);
    if (outcome == Outcome.NOT_FOUND && !ignoreIfNotExists) {
      throw new DatabaseNotExistException(getName(), name);
    }
    if (outcome == Outcome.NOT_EMPTY) {
      throw new DatabaseNotEmptyException(getName(), name);
    }
  }

  @Override
  public void alterDatabase(String name, CatalogDatabase newDatabase, boolean ignoreIfNotExists)
      throws DatabaseNotExistException, CatalogException {
    long now = System.currentTimeMillis();
    int updated =
        store.writeOrFail(
            "alter database " + name,
            c -> {
              Optional<CatalogDatabase> old = MetadataSql.database(c, store.keys(), name);
              if (old.isEmpty()) {
                return 0;
              }
              // Properties shown masked (a Kafka database's credentials) keep their stored value.
              CatalogDatabase toStore =
                  new CatalogDatabaseImpl(
                      Secrets.unmask(newDatabase.getProperties(), old.get().getProperties()),
                      newDatabase.getComment());
              return MetadataSql.updateDatabase(c, store.keys(), name, toStore, now);
            });
    if (updated == 0 && !ignoreIfNotExists) {
      throw new DatabaseNotExistException(getName(), name);
    }
  }

  /** The names {@code lister} finds in {@code databaseName}, which must exist. */
  private List<String> listIn(
      String databaseName, String what, MetadataStore.SqlWork<List<String>> lister)
      throws DatabaseNotExistException {
    return store
        .read(
            "list " + what + " of " + databaseName,
            c ->
                MetadataSql.databaseExists(c, databaseName)
                    ? Optional.of(lister.run(c))
                    : Optional.<List<String>>empty())
        .orElseThrow(() -> new DatabaseNotExistException(getName(), databaseName));
  }

  // ------------------------------------------------------------------------------------------
  // tables and views
  // ------------------------------------------------------------------------------------------

  @Override
  public List<String> listTables(String databaseName)
      throws DatabaseNotExistException, CatalogException {
    return kafka.tables(
        databaseName,
        listIn(databaseName, "objects", c -> MetadataSql.objectNames(c, databaseName, false)));
  }

  @Override
  public List<String> listViews(String databaseName)
      throws DatabaseNotExistException, CatalogException {
    return listIn(databaseName, "objects", c -> MetadataSql.objectNames(c, databaseName, true));
  }

  @Override
  public CatalogBaseTable getTable(ObjectPath path)
      throws TableNotExistException, CatalogException {
    return kafka.shown(path);
  }

  /** Refuses, or creates, the missing topic of a registered topic table (create-topics). */
  void ensureTopic(ObjectPath path, Map<String, String> tableOptions) {
    kafka.ensureTopic(path, tableOptions);
  }

  /** The real options of a table, secrets included; for the connector factory only. */
  Map<String, String> storedOptions(ObjectPath path) throws TableNotExistException {
    return kafka.storedOptions(path);
  }

  /**
   * Registers the schema of a topic of a Kafka database: version 1, or one past the stored one
   * (docs/kafka-tables.md). {@code valueFormat} (null: JSON at first, then unchanged) is the Kafka
   * connector's {@code value.format}.
   */
  public TopicSchemaChange registerTopicSchema(
      ObjectPath path, List<TopicColumn> columns, String valueFormat)
      throws TableNotExistException {
    return kafka.register(path, columns, valueFormat);
  }

  /**
   * Samples a topic of a Kafka database again and adds newly seen fields as nullable columns in a
   * new schema version; conflicts are reported, never applied (docs/kafka-tables.md).
   */
  public TopicSchemaChange refreshTopicSchema(ObjectPath path) throws TableNotExistException {
    return kafka.refresh(path);
  }

  @Override
  public boolean tableExists(ObjectPath path) throws CatalogException {
    return kafka.exists(path);
  }

  @Override
  public void createTable(ObjectPath path, CatalogBaseTable table, boolean ignoreIfExists)
      throws TableAlreadyExistException, DatabaseNotExistException, CatalogException {
    objects.create(path, table, ignoreIfExists);
  }

  @Override
  public void alterTable(ObjectPath path, CatalogBaseTable newTable, boolean ignoreIfNotExists)
      throws TableNotExistException, CatalogException {
    alterTable(path, newTable, List.of(), ignoreIfNotExists);
  }

  /** The changes are not needed: the new definition is stored whole. */
  @Override
  public void alterTable(
      ObjectPath path,
      CatalogBaseTable newTable,
      List<TableChange> tableChanges,
      boolean ignoreIfNotExists)
      throws TableNotExistException, CatalogException {
    kafka.alter(path, newTable, ignoreIfNotExists);
  }

  @Override
  public void renameTable(ObjectPath path, String newName, boolean ignoreIfNotExists)
      throws TableNotExistException, TableAlreadyExistException, CatalogException {
    objects.rename(path, newName, ignoreIfNotExists);
  }

  @Override
  public void dropTable(ObjectPath path, boolean ignoreIfNotExists)
      throws TableNotExistException, CatalogException {
    objects.drop(path, ignoreIfNotExists);
  }

  // ------------------------------------------------------------------------------------------
  // partitions
  // ------------------------------------------------------------------------------------------

  @Override
  public List<CatalogPartitionSpec> listPartitions(ObjectPath path)
      throws TableNotExistException, TableNotPartitionedException, CatalogException {
    return partitions.list(path);
  }

  @Override
  public List<CatalogPartitionSpec> listPartitions(
      ObjectPath path, CatalogPartitionSpec partialSpec)
      throws TableNotExistException,
          TableNotPartitionedException,
          PartitionSpecInvalidException,
          CatalogException {
    return partitions.list(path, partialSpec);
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
    return partitions.get(path, spec);
  }

  @Override
  public boolean partitionExists(ObjectPath path, CatalogPartitionSpec spec)
      throws CatalogException {
    return partitions.exists(path, spec);
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
    partitions.create(path, spec, partition, ignoreIfExists);
  }

  @Override
  public void dropPartition(ObjectPath path, CatalogPartitionSpec spec, boolean ignoreIfNotExists)
      throws PartitionNotExistException, CatalogException {
    partitions.drop(path, spec, ignoreIfNotExists);
  }

  @Override
  public void alterPartition(
      ObjectPath path,
      CatalogPartitionSpec spec,
      CatalogPartition newPartition,
      boolean ignoreIfNotExists)
      throws PartitionNotExistException, CatalogException {
    partitions.alter(path, spec, newPartition, ignoreIfNotExists);
  }

  // ------------------------------------------------------------------------------------------
  // functions
  // ------------------------------------------------------------------------------------------

  @Override
  public List<String> listFunctions(String dbName)
      throws DatabaseNotExistException, CatalogException {
    return listIn(dbName, "functions", c -> MetadataSql.functionNames(c, dbName));
  }

  @Override
  public CatalogFunction getFunction(ObjectPath path)
      throws FunctionNotExistException, CatalogException {
    return store
        .read(
            "read function " + path.getFullName(), c -> MetadataSql.function(c, store.keys(), path))
        .orElseThrow(() -> new FunctionNotExistException(getName(), path));
  }

  @Override
  public boolean functionExists(ObjectPath path) throws CatalogException {
    return store.read(
        "read function " + path.getFullName(), c -> MetadataSql.functionExists(c, path));
  }

  /**
   * Stored with its jars copied into the artifact store ({@link FunctionArtifacts}), so the
   * function keeps working, with the same bytes, wherever and whenever it is used.
   */
  @Override
  public void createFunction(ObjectPath path, CatalogFunction function, boolean ignoreIfExists)
      throws FunctionAlreadyExistException, DatabaseNotExistException, CatalogException {
    if (ignoreIfExists && functionExists(path)) {
      return;
    }
    CatalogFunction toStore = withStoredJars(path, function);
    long now = System.currentTimeMillis();
    boolean created =
        MetadataSql.insertInDatabase(
            store,
            getName(),
            "create function " + path.getFullName(),
            path.getDatabaseName(),
            c -> MetadataSql.insertFunction(c, store.keys(), path, toStore, now));
    if (!created && !ignoreIfExists) {
      throw new FunctionAlreadyExistException(getName(), path);
    }
  }

  @Override
  public void alterFunction(ObjectPath path, CatalogFunction newFunction, boolean ignoreIfNotExists)
      throws FunctionNotExistException, CatalogException {
    if (!functionExists(path)) {
      if (ignoreIfNotExists) {
        return;
      }
      throw new FunctionNotExistException(getName(), path);
    }
    CatalogFunction toStore = withStoredJars(path, newFunction);
    long now = System.currentTimeMillis();
    int updated =
        store.writeOrFail(
            "alter function " + path.getFullName(),
            c -> MetadataSql.updateFunction(c, store.keys(), path, toStore, now));
    if (updated == 0 && !ignoreIfNotExists) {
      throw new FunctionNotExistException(getName(), path);
    }
  }

  private CatalogFunction withStoredJars(ObjectPath path, CatalogFunction function) {
    if (function.getFunctionResources().isEmpty()) {
      return function;
    }
    return new CatalogFunctionImpl(
        function.getClassName(),
        function.getFunctionLanguage(),
        artifacts.store(path.getFullName(), function.getFunctionResources()),
        function.getOptions());
  }

  @Override
  public void dropFunction(ObjectPath path, boolean ignoreIfNotExists)
      throws FunctionNotExistException, CatalogException {
    int deleted =
        store.writeOrFail(
            "drop function " + path.getFullName(), c -> MetadataSql.deleteFunction(c, path));
    if (deleted == 0 && !ignoreIfNotExists) {
      throw new FunctionNotExistException(getName(), path);
    }
  }

  // ------------------------------------------------------------------------------------------
  // statistics (CatalogStatistics)
  // ------------------------------------------------------------------------------------------

  @Override
  public CatalogTableStatistics getTableStatistics(ObjectPath path)
      throws TableNotExistException, CatalogException {
    return statistics.table(path);
  }

  @Override
  public CatalogColumnStatistics getTableColumnStatistics(ObjectPath path)
      throws TableNotExistException, CatalogException {
    return statistics.columns(path);
  }

  @Override
  public CatalogTableStatistics getPartitionStatistics(ObjectPath path, CatalogPartitionSpec spec)
      throws PartitionNotExistException, CatalogException {
    return statistics.partition(path, spec);
  }

  @Override
  public CatalogColumnStatistics getPartitionColumnStatistics(
      ObjectPath path, CatalogPartitionSpec spec)
      throws PartitionNotExistException, CatalogException {
    return statistics.partitionColumns(path, spec);
  }

  @Override
  public void alterTableStatistics(
      ObjectPath path, CatalogTableStatistics stats, boolean ignoreIfNotExists)
      throws TableNotExistException, CatalogException {
    statistics.alterTable(path, stats, ignoreIfNotExists);
  }

  @Override
  public void alterTableColumnStatistics(
      ObjectPath path, CatalogColumnStatistics stats, boolean ignoreIfNotExists)
      throws TableNotExistException, CatalogException {
    statistics.alterColumns(path, stats, ignoreIfNotExists);
  }

  @Override
  public void alterPartitionStatistics(
      ObjectPath path,
      CatalogPartitionSpec spec,
      CatalogTableStatistics stats,
      boolean ignoreIfNotExists)
      throws PartitionNotExistException, CatalogException {
    statistics.alterPartition(path, spec, stats, ignoreIfNotExists);
  }

  @Override
  public void alterPartitionColumnStatistics(
      ObjectPath path,
      CatalogPartitionSpec spec,
      CatalogColumnStatistics stats,
      boolean ignoreIfNotExists)
      throws PartitionNotExistException, CatalogException {
    statistics.alterPartitionColumns(path, spec, stats, ignoreIfNotExists);
  }

  // ------------------------------------------------------------------------------------------
  // models (CatalogModels)
  // ------------------------------------------------------------------------------------------

  @Override
  public List<String> listModels(String databaseName)
      throws DatabaseNotExistException, CatalogException {
    return listIn(databaseName, "models", c -> models.names(c, databaseName));
  }

  @Override
  public CatalogModel getModel(ObjectPath path) throws ModelNotExistException, CatalogException {
    return models.get(path);
  }

  /** The real options of a model, secrets included; for the model provider factory only. */
  Map<String, String> storedModelOptions(ObjectPath path) throws ModelNotExistException {
    return models.stored(path).getOptions();
  }

  @Override
  public boolean modelExists(ObjectPath path) throws CatalogException {
    return models.exists(path);
  }

  @Override
  public void createModel(ObjectPath path, CatalogModel model, boolean ignoreIfExists)
      throws ModelAlreadyExistException, DatabaseNotExistException, CatalogException {
    models.create(path, model, ignoreIfExists);
  }

  @Override
  public void alterModel(ObjectPath path, CatalogModel newModel, boolean ignoreIfNotExists)
      throws ModelNotExistException, CatalogException {
    models.alter(path, newModel, ignoreIfNotExists);
  }

  @Override
  public void renameModel(ObjectPath path, String newName, boolean ignoreIfNotExists)
      throws ModelNotExistException, ModelAlreadyExistException, CatalogException {
    models.rename(path, newName, ignoreIfNotExists);
  }

  @Override
  public void dropModel(ObjectPath path, boolean ignoreIfNotExists)
      throws ModelNotExistException, CatalogException {
    models.drop(path, ignoreIfNotExists);
  }

  private enum Outcome {
    DONE,
    NOT_FOUND,
    NOT_EMPTY
  }
}
