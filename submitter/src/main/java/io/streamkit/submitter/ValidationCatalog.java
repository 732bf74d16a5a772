package io.streamkit.submitter;

import java.util.List;
import java.util.Optional;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogBaseTable.TableKind;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogModel;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.TableChange;
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
import org.apache.flink.table.catalog.exceptions.ProcedureNotExistException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.table.factories.Factory;
import org.apache.flink.table.factories.FunctionDefinitionFactory;
import org.apache.flink.table.functions.FunctionIdentifier;
import org.apache.flink.table.procedures.Procedure;

/**
 * The catalog {@code sql validate} registers in place of a real one: a Flink {@link Catalog} over
 * one {@link Overlay} per kind of object. Reads see the real catalog; every change the script makes
 * stays in the overlays. So a script's later statements see what its earlier ones created, altered
 * or dropped, the rules of Flink's catalog contract apply as they would in a run, and validating
 * never changes the real catalog.
 *
 * <p>Dropping a table or database hides what the real catalog holds below it (partitions,
 * statistics, tables, functions), so re-creating it starts empty, as in a run.
 */
final class ValidationCatalog implements Catalog {
  private final String name;
  private final Catalog real;
  private final Overlay<String, CatalogDatabase> databases;
  private final TableOverlay tables;
  private final PartitionOverlay partitions;
  private final Overlay<ObjectPath, CatalogFunction> functions;
  private final ModelOverlay models;

  ValidationCatalog(String name, Catalog real) {
    this.name = name;
    this.real = real;
    this.databases = Overlay.over(real::getDatabase, DatabaseNotExistException.class);
    this.tables = new TableOverlay(name, real);
    this.partitions = tables.partitions();
    this.functions = Overlay.over(real::getFunction, FunctionNotExistException.class);
    this.models = new ModelOverlay(name, real);
  }

  @Override
  public Optional<Factory> getFactory() {
    return real.getFactory();
  }

  @Override
  public Optional<FunctionDefinitionFactory> getFunctionDefinitionFactory() {
    return real.getFunctionDefinitionFactory();
  }

  @Override
  public void open() {
    real.open();
  }

  @Override
  public void close() {
    real.close();
  }

  @Override
  public String getDefaultDatabase() {
    return real.getDefaultDatabase();
  }

  // databases

  @Override
  public List<String> listDatabases() {
    return databases.keys(real.listDatabases(), db -> true);
  }

  @Override
  public CatalogDatabase getDatabase(String db) throws DatabaseNotExistException {
    return databases.get(db).orElseThrow(() -> new DatabaseNotExistException(name, db));
  }

  @Override
  public boolean databaseExists(String db) {
    return databases.exists(db);
  }

  @Override
  public void createDatabase(String db, CatalogDatabase database, boolean ignoreIfExists)
      throws DatabaseAlreadyExistException {
    if (databaseExists(db)) {
      if (!ignoreIfExists) {
        throw new DatabaseAlreadyExistException(name, db);
      }
      return;
    }
    databases.put(db, database.copy());
  }

  @Override
  public void dropDatabase(String db, boolean ignoreIfNotExists, boolean cascade)
      throws DatabaseNotExistException, DatabaseNotEmptyException {
    if (!databaseExists(db)) {
      if (!ignoreIfNotExists) {
        throw new DatabaseNotExistException(name, db);
      }
      return;
    }
    List<String> tableNames = listTables(db);
    List<String> functionNames = listFunctions(db);
    List<String> modelNames = listModels(db);
    if (!cascade && !(tableNames.isEmpty() && functionNames.isEmpty() && modelNames.isEmpty())) {
      throw new DatabaseNotEmptyException(name, db);
    }
    tableNames.forEach(t -> tables.forget(new ObjectPath(db, t)));
    functionNames.forEach(f -> functions.drop(functionKey(new ObjectPath(db, f))));
    modelNames.forEach(m -> models.forget(new ObjectPath(db, m)));
    databases.drop(db);
  }

  @Override
  public void alterDatabase(String db, CatalogDatabase newDatabase, boolean ignoreIfNotExists)
      throws DatabaseNotExistException {
    if (!databaseExists(db)) {
      if (!ignoreIfNotExists) {
        throw new DatabaseNotExistException(name, db);
      }
      return;
    }
    databases.put(db, newDatabase.copy());
  }

  // tables and views

  @Override
  public List<String> listTables(String db) throws DatabaseNotExistException {
    checkDatabase(db);
    return tables.names(db, realNames(() -> real.listTables(db)), t -> true);
  }

  @Override
  public List<String> listViews(String db) throws DatabaseNotExistException {
    checkDatabase(db);
    return tables.names(
        db, realNames(() -> real.listViews(db)), t -> t.getTableKind() == TableKind.VIEW);
  }

  /** Filtered from all tables here: the real catalog need not implement this listing. */
  @Override
  public List<String> listMaterializedTables(String db) throws DatabaseNotExistException {
    return listTables(db).stream()
        .filter(
            t ->
                tables
                    .get(new ObjectPath(db, t))
                    .filter(table -> table.getTableKind() == TableKind.MATERIALIZED_TABLE)
                    .isPresent())
        .toList();
  }

  @Override
  public CatalogBaseTable getTable(ObjectPath path) throws TableNotExistException {
    return tables.getOrThrow(path);
  }

  /** Time travel reads the real catalog's history, as long as the script left the table alone. */
  @Override
  public CatalogBaseTable getTable(ObjectPath path, long timestamp) throws TableNotExistException {
    if (tables.touched(path)) {
      throw new UnsupportedOperationException(
          "Time travel on "
              + path.getFullName()
              + ", which this script changed, is not supported.");
    }
    return real.getTable(path, timestamp);
  }

  @Override
  public boolean tableExists(ObjectPath path) {
    return tables.exists(path);
  }

  @Override
  public void createTable(ObjectPath path, CatalogBaseTable table, boolean ignoreIfExists)
      throws TableAlreadyExistException, DatabaseNotExistException {
    checkDatabase(path.getDatabaseName());
    tables.create(path, table, ignoreIfExists);
  }

  @Override
  public void dropTable(ObjectPath path, boolean ignoreIfNotExists) throws TableNotExistException {
    tables.drop(path, ignoreIfNotExists);
  }

  @Override
  public void renameTable(ObjectPath path, String newName, boolean ignoreIfNotExists)
      throws TableNotExistException, TableAlreadyExistException {
    tables.rename(path, newName, ignoreIfNotExists);
  }

  @Override
  public void alterTable(ObjectPath path, CatalogBaseTable newTable, boolean ignoreIfNotExists)
      throws TableNotExistException {
    tables.alter(path, newTable, ignoreIfNotExists);
  }

  /** The changes are not needed: the overlay keeps the new definition whole. */
  @Override
  public void alterTable(
      ObjectPath path, CatalogBaseTable newTable, List<TableChange> changes, boolean ignore)
      throws TableNotExistException {
    tables.alter(path, newTable, ignore);
  }

  // partitions

  @Override
  public List<CatalogPartitionSpec> listPartitions(ObjectPath path)
      throws TableNotExistException, TableNotPartitionedException {
    return partitions.list(path);
  }

  @Override
  public List<CatalogPartitionSpec> listPartitions(ObjectPath path, CatalogPartitionSpec spec)
      throws TableNotExistException, TableNotPartitionedException, PartitionSpecInvalidException {
    return partitions.list(path, spec);
  }

  /** Not evaluated here: Flink then lists all partitions and prunes them itself. */
  @Override
  public List<CatalogPartitionSpec> listPartitionsByFilter(
      ObjectPath path, List<Expression> filters) {
    throw new UnsupportedOperationException(
        "The validation catalog does not evaluate partition filters; Flink prunes instead.");
  }

  @Override
  public CatalogPartition getPartition(ObjectPath path, CatalogPartitionSpec spec)
      throws PartitionNotExistException {
    return partitions.get(path, spec);
  }

  @Override
  public boolean partitionExists(ObjectPath path, CatalogPartitionSpec spec) {
    return partitions.exists(path, spec);
  }

  @Override
  public void createPartition(
      ObjectPath path, CatalogPartitionSpec spec, CatalogPartition partition, boolean ignore)
      throws TableNotExistException,
          TableNotPartitionedException,
          PartitionSpecInvalidException,
          PartitionAlreadyExistsException {
    partitions.create(path, spec, partition, ignore);
  }

  @Override
  public void dropPartition(ObjectPath path, CatalogPartitionSpec spec, boolean ignore)
      throws PartitionNotExistException {
    partitions.drop(path, spec, ignore);
  }

  @Override
  public void alterPartition(
      ObjectPath path, CatalogPartitionSpec spec, CatalogPartition partition, boolean ignore)
      throws PartitionNotExistException {
    partitions.alter(path, spec, partition, ignore);
  }

  // functions: keys normalized as Flink normalizes function names

  private static ObjectPath functionKey(ObjectPath path) {
    return new ObjectPath(
        path.getDatabaseName(), FunctionIdentifier.normalizeName(path.getObjectName()));
  }

  @Override
  public List<String> listFunctions(String db) throws DatabaseNotExistException {
    checkDatabase(db);
    List<String> realNames = realNames(() -> real.listFunctions(db));
    return namesIn(
        db, functions, realNames.stream().map(FunctionIdentifier::normalizeName).toList());
  }

  @Override
  public CatalogFunction getFunction(ObjectPath path) throws FunctionNotExistException {
    return functions
        .get(functionKey(path))
        .orElseThrow(() -> new FunctionNotExistException(name, path));
  }

  @Override
  public boolean functionExists(ObjectPath path) {
    return functions.exists(functionKey(path));
  }

  @Override
  public void createFunction(ObjectPath path, CatalogFunction function, boolean ignoreIfExists)
      throws FunctionAlreadyExistException, DatabaseNotExistException {
    checkDatabase(path.getDatabaseName());
    if (functionExists(path)) {
      if (!ignoreIfExists) {
        throw new FunctionAlreadyExistException(name, path);
      }
      return;
    }
    functions.put(functionKey(path), function.copy());
  }

  @Override
  public void alterFunction(ObjectPath path, CatalogFunction function, boolean ignoreIfNotExists)
      throws FunctionNotExistException {
    if (!functionExists(path)) {
      if (!ignoreIfNotExists) {
        throw new FunctionNotExistException(name, path);
      }
      return;
    }
    functions.put(functionKey(path), function.copy());
  }

  @Override
  public void dropFunction(ObjectPath path, boolean ignoreIfNotExists)
      throws FunctionNotExistException {
    if (!functionExists(path)) {
      if (!ignoreIfNotExists) {
        throw new FunctionNotExistException(name, path);
      }
      return;
    }
    functions.drop(functionKey(path));
  }

  // procedures: read-only, so the real catalog's

  @Override
  public List<String> listProcedures(String db) throws DatabaseNotExistException {
    return real.listProcedures(db);
  }

  @Override
  public Procedure getProcedure(ObjectPath path) throws ProcedureNotExistException {
    return real.getProcedure(path);
  }

  // models

  @Override
  public List<String> listModels(String db) throws DatabaseNotExistException {
    checkDatabase(db);
    return models.names(db, realNames(() -> real.listModels(db)));
  }

  @Override
  public CatalogModel getModel(ObjectPath path) throws ModelNotExistException {
    return models.get(path);
  }

  @Override
  public boolean modelExists(ObjectPath path) {
    return models.exists(path);
  }

  @Override
  public void createModel(ObjectPath path, CatalogModel model, boolean ignoreIfExists)
      throws ModelAlreadyExistException, DatabaseNotExistException {
    models.checkSupported("createModel(ObjectPath, CatalogModel, boolean)");
    checkDatabase(path.getDatabaseName());
    models.create(path, model, ignoreIfExists);
  }

  @Override
  public void alterModel(ObjectPath path, CatalogModel newModel, boolean ignoreIfNotExists)
      throws ModelNotExistException {
    models.checkSupported("alterModel(ObjectPath, CatalogModel, boolean)");
    models.alter(path, newModel, ignoreIfNotExists);
  }

  @Override
  public void dropModel(ObjectPath path, boolean ignoreIfNotExists) throws ModelNotExistException {
    models.checkSupported("dropModel(ObjectPath, boolean)");
    models.drop(path, ignoreIfNotExists);
  }

  @Override
  public void renameModel(ObjectPath path, String newName, boolean ignoreIfNotExists)
      throws ModelNotExistException, ModelAlreadyExistException {
    models.checkSupported("renameModel(ObjectPath, String, boolean)");
    models.rename(path, newName, ignoreIfNotExists);
  }

  // statistics

  @Override
  public CatalogTableStatistics getTableStatistics(ObjectPath path) throws TableNotExistException {
    return tables.statistics(path);
  }

  @Override
  public CatalogColumnStatistics getTableColumnStatistics(ObjectPath path)
      throws TableNotExistException {
    return tables.columnStatistics(path);
  }

  @Override
  public CatalogTableStatistics getPartitionStatistics(ObjectPath path, CatalogPartitionSpec spec)
      throws PartitionNotExistException {
    return partitions.statistics(path, spec);
  }

  @Override
  public CatalogColumnStatistics getPartitionColumnStatistics(
      ObjectPath path, CatalogPartitionSpec spec) throws PartitionNotExistException {
    return partitions.columnStatistics(path, spec);
  }

  @Override
  public void alterTableStatistics(ObjectPath path, CatalogTableStatistics s, boolean ignore)
      throws TableNotExistException {
    tables.alterStatistics(path, s, ignore);
  }

  @Override
  public void alterTableColumnStatistics(ObjectPath path, CatalogColumnStatistics s, boolean ignore)
      throws TableNotExistException {
    tables.alterColumnStatistics(path, s, ignore);
  }

  @Override
  public void alterPartitionStatistics(
      ObjectPath path, CatalogPartitionSpec spec, CatalogTableStatistics s, boolean ignore)
      throws PartitionNotExistException {
    partitions.alterStatistics(path, spec, s, ignore);
  }

  @Override
  public void alterPartitionColumnStatistics(
      ObjectPath path, CatalogPartitionSpec spec, CatalogColumnStatistics s, boolean ignore)
      throws PartitionNotExistException {
    partitions.alterColumnStatistics(path, spec, s, ignore);
  }

  // listing helpers

  private void checkDatabase(String db) throws DatabaseNotExistException {
    if (!databaseExists(db)) {
      throw new DatabaseNotExistException(name, db);
    }
  }

  /** Reads names of the real catalog's objects in a database. */
  @FunctionalInterface
  private interface RealList {
    List<String> names() throws DatabaseNotExistException;
  }

  /** The names, or none when the real catalog has no such database (the script created it). */
  private static List<String> realNames(RealList list) {
    try {
      return list.names();
    } catch (DatabaseNotExistException e) {
      return List.of();
    }
  }

  private static <V> List<String> namesIn(
      String db, Overlay<ObjectPath, V> overlay, List<String> realNames) {
    List<ObjectPath> realKeys = realNames.stream().map(n -> new ObjectPath(db, n)).toList();
    return overlay.keys(realKeys, k -> k.getDatabaseName().equals(db)).stream()
        .map(ObjectPath::getObjectName)
        .toList();
  }
}
