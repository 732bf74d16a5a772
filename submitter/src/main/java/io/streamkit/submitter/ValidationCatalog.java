package io.streamkit.submitter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.GenericInMemoryCatalog;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.TableChange;
import org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.table.factories.Factory;

/**
 * A copy-on-write view of a real catalog for {@code sql validate}: reads see the real catalog, and
 * every change the script makes lands in memory only. So a script's later statements see the tables
 * its earlier ones create, and validating never changes the real catalog.
 */
final class ValidationCatalog implements Catalog {
  private final Catalog real;
  private final GenericInMemoryCatalog overlay;
  private final Set<ObjectPath> dropped = ConcurrentHashMap.newKeySet();
  private final Set<String> droppedDatabases = ConcurrentHashMap.newKeySet();

  ValidationCatalog(String name, Catalog real) {
    this.real = real;
    this.overlay = new GenericInMemoryCatalog(name, real.getDefaultDatabase());
  }

  @Override
  public Optional<Factory> getFactory() {
    return real.getFactory();
  }

  @Override
  public void open() {
    real.open();
    overlay.open();
  }

  @Override
  public void close() {
    overlay.close();
    real.close();
  }

  @Override
  public String getDefaultDatabase() {
    return real.getDefaultDatabase();
  }

  // databases

  @Override
  public List<String> listDatabases() {
    Set<String> names = new TreeSet<>(real.listDatabases());
    names.removeAll(droppedDatabases);
    names.addAll(overlay.listDatabases());
    return new ArrayList<>(names);
  }

  @Override
  public CatalogDatabase getDatabase(String name) throws DatabaseNotExistException {
    if (overlay.databaseExists(name)) {
      return overlay.getDatabase(name);
    }
    if (droppedDatabases.contains(name)) {
      throw new DatabaseNotExistException(overlay.getName(), name);
    }
    return real.getDatabase(name);
  }

  @Override
  public boolean databaseExists(String name) {
    return overlay.databaseExists(name)
        || (!droppedDatabases.contains(name) && real.databaseExists(name));
  }

  @Override
  public void createDatabase(String name, CatalogDatabase database, boolean ignoreIfExists)
      throws DatabaseAlreadyExistException {
    if (databaseExists(name)) {
      if (!ignoreIfExists) {
        throw new DatabaseAlreadyExistException(overlay.getName(), name);
      }
      return;
    }
    droppedDatabases.remove(name);
    overlay.createDatabase(name, database, true);
  }

  @Override
  public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade)
      throws DatabaseNotExistException {
    if (!databaseExists(name)) {
      if (!ignoreIfNotExists) {
        throw new DatabaseNotExistException(overlay.getName(), name);
      }
      return;
    }
    if (overlay.databaseExists(name)) {
      try {
        overlay.dropDatabase(name, true, true);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    droppedDatabases.add(name);
  }

  @Override
  public void alterDatabase(String name, CatalogDatabase newDatabase, boolean ignoreIfNotExists)
      throws DatabaseNotExistException {
    if (!databaseExists(name)) {
      if (!ignoreIfNotExists) {
        throw new DatabaseNotExistException(overlay.getName(), name);
      }
      return;
    }
    shadowDatabase(name);
    overlay.alterDatabase(name, newDatabase, false);
  }

  /** Makes the overlay hold {@code name} so objects can be created in it. */
  private void shadowDatabase(String name) throws DatabaseNotExistException {
    if (!overlay.databaseExists(name)) {
      if (droppedDatabases.contains(name) || !real.databaseExists(name)) {
        throw new DatabaseNotExistException(overlay.getName(), name);
      }
      try {
        overlay.createDatabase(name, real.getDatabase(name), true);
      } catch (DatabaseAlreadyExistException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  // tables and views

  @Override
  public List<String> listTables(String db) throws DatabaseNotExistException {
    return union(db, false);
  }

  @Override
  public List<String> listViews(String db) throws DatabaseNotExistException {
    return union(db, true);
  }

  private List<String> union(String db, boolean views) throws DatabaseNotExistException {
    if (!databaseExists(db)) {
      throw new DatabaseNotExistException(overlay.getName(), db);
    }
    Set<String> names = new TreeSet<>();
    if (!droppedDatabases.contains(db) && real.databaseExists(db)) {
      for (String t : views ? real.listViews(db) : real.listTables(db)) {
        if (!dropped.contains(new ObjectPath(db, t))) {
          names.add(t);
        }
      }
    }
    if (overlay.databaseExists(db)) {
      names.addAll(views ? overlay.listViews(db) : overlay.listTables(db));
    }
    return new ArrayList<>(names);
  }

  private boolean inOverlay(ObjectPath path) {
    return overlay.tableExists(path);
  }

  private boolean inReal(ObjectPath path) {
    return !dropped.contains(path)
        && !droppedDatabases.contains(path.getDatabaseName())
        && real.tableExists(path);
  }

  @Override
  public CatalogBaseTable getTable(ObjectPath path) throws TableNotExistException {
    if (inOverlay(path)) {
      return overlay.getTable(path);
    }
    if (!inReal(path)) {
      throw new TableNotExistException(overlay.getName(), path);
    }
    return real.getTable(path);
  }

  @Override
  public boolean tableExists(ObjectPath path) {
    return inOverlay(path) || inReal(path);
  }

  @Override
  public void dropTable(ObjectPath path, boolean ignoreIfNotExists) throws TableNotExistException {
    if (!tableExists(path)) {
      if (!ignoreIfNotExists) {
        throw new TableNotExistException(overlay.getName(), path);
      }
      return;
    }
    if (inOverlay(path)) {
      overlay.dropTable(path, false);
    }
    dropped.add(path);
  }

  @Override
  public void renameTable(ObjectPath path, String newName, boolean ignoreIfNotExists)
      throws TableNotExistException, TableAlreadyExistException {
    if (!tableExists(path)) {
      if (!ignoreIfNotExists) {
        throw new TableNotExistException(overlay.getName(), path);
      }
      return;
    }
    ObjectPath target = new ObjectPath(path.getDatabaseName(), newName);
    if (tableExists(target)) {
      throw new TableAlreadyExistException(overlay.getName(), target);
    }
    CatalogBaseTable table = getTable(path);
    dropTable(path, false);
    putInOverlay(target, table);
  }

  @Override
  public void createTable(ObjectPath path, CatalogBaseTable table, boolean ignoreIfExists)
      throws TableAlreadyExistException, DatabaseNotExistException {
    if (tableExists(path)) {
      if (!ignoreIfExists) {
        throw new TableAlreadyExistException(overlay.getName(), path);
      }
      return;
    }
    shadowDatabase(path.getDatabaseName());
    try {
      overlay.createTable(path, table, false);
    } catch (TableAlreadyExistException e) {
      throw new IllegalStateException(e);
    }
    dropped.remove(path);
  }

  private void putInOverlay(ObjectPath path, CatalogBaseTable table) throws TableNotExistException {
    try {
      shadowDatabase(path.getDatabaseName());
      overlay.createTable(path, table, false);
    } catch (TableAlreadyExistException e) {
      throw new IllegalStateException(e);
    } catch (DatabaseNotExistException e) {
      throw new TableNotExistException(overlay.getName(), path, e);
    }
    dropped.remove(path);
  }

  @Override
  public void alterTable(ObjectPath path, CatalogBaseTable newTable, boolean ignoreIfNotExists)
      throws TableNotExistException {
    if (!tableExists(path)) {
      if (!ignoreIfNotExists) {
        throw new TableNotExistException(overlay.getName(), path);
      }
      return;
    }
    if (inOverlay(path)) {
      overlay.alterTable(path, newTable, false);
    } else {
      putInOverlay(path, newTable);
    }
  }

  @Override
  public void alterTable(
      ObjectPath path, CatalogBaseTable newTable, List<TableChange> changes, boolean ignore)
      throws TableNotExistException {
    alterTable(path, newTable, ignore);
  }

  // partitions: read through; changes are checked, then forgotten

  private Catalog owner(ObjectPath path) throws TableNotExistException {
    if (inOverlay(path)) {
      return overlay;
    }
    if (inReal(path)) {
      return real;
    }
    throw new TableNotExistException(overlay.getName(), path);
  }

  @Override
  public List<CatalogPartitionSpec> listPartitions(ObjectPath path)
      throws TableNotExistException, TableNotPartitionedException {
    return owner(path).listPartitions(path);
  }

  @Override
  public List<CatalogPartitionSpec> listPartitions(ObjectPath path, CatalogPartitionSpec spec)
      throws TableNotExistException,
          TableNotPartitionedException,
          org.apache.flink.table.catalog.exceptions.PartitionSpecInvalidException {
    return owner(path).listPartitions(path, spec);
  }

  @Override
  public List<CatalogPartitionSpec> listPartitionsByFilter(
      ObjectPath path, List<Expression> filters)
      throws TableNotExistException, TableNotPartitionedException {
    return owner(path).listPartitionsByFilter(path, filters);
  }

  @Override
  public CatalogPartition getPartition(ObjectPath path, CatalogPartitionSpec spec)
      throws PartitionNotExistException {
    try {
      return owner(path).getPartition(path, spec);
    } catch (TableNotExistException e) {
      throw new PartitionNotExistException(overlay.getName(), path, spec, e);
    }
  }

  @Override
  public boolean partitionExists(ObjectPath path, CatalogPartitionSpec spec) {
    try {
      return owner(path).partitionExists(path, spec);
    } catch (TableNotExistException e) {
      return false;
    }
  }

  @Override
  public void createPartition(
      ObjectPath path, CatalogPartitionSpec spec, CatalogPartition partition, boolean ignore)
      throws TableNotExistException, TableNotPartitionedException {
    if (owner(path) == overlay) {
      try {
        overlay.createPartition(path, spec, partition, ignore);
      } catch (Exception e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    } else {
      real.listPartitions(path); // checks the table is partitioned
    }
  }

  @Override
  public void dropPartition(ObjectPath path, CatalogPartitionSpec spec, boolean ignore)
      throws PartitionNotExistException {
    if (!ignore && !partitionExists(path, spec)) {
      throw new PartitionNotExistException(overlay.getName(), path, spec);
    }
  }

  @Override
  public void alterPartition(
      ObjectPath path, CatalogPartitionSpec spec, CatalogPartition partition, boolean ignore)
      throws PartitionNotExistException {
    dropPartition(path, spec, ignore);
  }

  // functions

  @Override
  public List<String> listFunctions(String db) throws DatabaseNotExistException {
    Set<String> names = new TreeSet<>();
    if (real.databaseExists(db) && !droppedDatabases.contains(db)) {
      names.addAll(real.listFunctions(db));
    }
    if (overlay.databaseExists(db)) {
      names.addAll(overlay.listFunctions(db));
    }
    return new ArrayList<>(names);
  }

  @Override
  public CatalogFunction getFunction(ObjectPath path) throws FunctionNotExistException {
    return overlay.functionExists(path) ? overlay.getFunction(path) : real.getFunction(path);
  }

  @Override
  public boolean functionExists(ObjectPath path) {
    return overlay.functionExists(path) || real.functionExists(path);
  }

  @Override
  public void createFunction(ObjectPath path, CatalogFunction function, boolean ignoreIfExists)
      throws FunctionAlreadyExistException, DatabaseNotExistException {
    if (functionExists(path)) {
      if (!ignoreIfExists) {
        throw new FunctionAlreadyExistException(overlay.getName(), path);
      }
      return;
    }
    shadowDatabase(path.getDatabaseName());
    overlay.createFunction(path, function, false);
  }

  @Override
  public void alterFunction(ObjectPath path, CatalogFunction function, boolean ignore)
      throws FunctionNotExistException {
    if (!functionExists(path) && !ignore) {
      throw new FunctionNotExistException(overlay.getName(), path);
    }
  }

  @Override
  public void dropFunction(ObjectPath path, boolean ignore) throws FunctionNotExistException {
    if (overlay.functionExists(path)) {
      overlay.dropFunction(path, false);
    } else if (!real.functionExists(path) && !ignore) {
      throw new FunctionNotExistException(overlay.getName(), path);
    }
  }

  // statistics

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
  public void alterTableStatistics(ObjectPath p, CatalogTableStatistics s, boolean i) {}

  @Override
  public void alterTableColumnStatistics(ObjectPath p, CatalogColumnStatistics s, boolean i) {}

  @Override
  public void alterPartitionStatistics(
      ObjectPath p, CatalogPartitionSpec spec, CatalogTableStatistics s, boolean i) {}

  @Override
  public void alterPartitionColumnStatistics(
      ObjectPath p, CatalogPartitionSpec spec, CatalogColumnStatistics s, boolean i) {}
}
