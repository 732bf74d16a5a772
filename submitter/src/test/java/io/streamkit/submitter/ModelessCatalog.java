package io.streamkit.submitter;

import org.apache.flink.table.catalog.Catalog;

/**
 * A real catalog as many are: Catalog's default model methods (so it refuses models), everything
 * else delegated. What ModelOverlay must refuse models for, now that the streamkit catalog has
 * them. The delegating methods are generated from Catalog's abstract ones.
 */
final class ModelessCatalog implements Catalog {
  private final Catalog delegate;

  ModelessCatalog(Catalog delegate) {
    this.delegate = delegate;
  }

  @Override
  public void open() throws org.apache.flink.table.catalog.exceptions.CatalogException {
    delegate.open();
  }

  @Override
  public void close() throws org.apache.flink.table.catalog.exceptions.CatalogException {
    delegate.close();
  }

  @Override
  public java.lang.String getDefaultDatabase()
      throws org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.getDefaultDatabase();
  }

  @Override
  public java.util.List<java.lang.String> listDatabases()
      throws org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.listDatabases();
  }

  @Override
  public org.apache.flink.table.catalog.CatalogDatabase getDatabase(java.lang.String a0)
      throws org.apache.flink.table.catalog.exceptions.DatabaseNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.getDatabase(a0);
  }

  @Override
  public boolean databaseExists(java.lang.String a0)
      throws org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.databaseExists(a0);
  }

  @Override
  public void createDatabase(
      java.lang.String a0, org.apache.flink.table.catalog.CatalogDatabase a1, boolean a2)
      throws org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    delegate.createDatabase(a0, a1, a2);
  }

  @Override
  public void dropDatabase(java.lang.String a0, boolean a1, boolean a2)
      throws org.apache.flink.table.catalog.exceptions.DatabaseNotExistException,
          org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    delegate.dropDatabase(a0, a1, a2);
  }

  @Override
  public void alterDatabase(
      java.lang.String a0, org.apache.flink.table.catalog.CatalogDatabase a1, boolean a2)
      throws org.apache.flink.table.catalog.exceptions.DatabaseNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    delegate.alterDatabase(a0, a1, a2);
  }

  @Override
  public java.util.List<java.lang.String> listTables(java.lang.String a0)
      throws org.apache.flink.table.catalog.exceptions.DatabaseNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.listTables(a0);
  }

  @Override
  public java.util.List<java.lang.String> listViews(java.lang.String a0)
      throws org.apache.flink.table.catalog.exceptions.DatabaseNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.listViews(a0);
  }

  @Override
  public org.apache.flink.table.catalog.CatalogBaseTable getTable(
      org.apache.flink.table.catalog.ObjectPath a0)
      throws org.apache.flink.table.catalog.exceptions.TableNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.getTable(a0);
  }

  @Override
  public boolean tableExists(org.apache.flink.table.catalog.ObjectPath a0)
      throws org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.tableExists(a0);
  }

  @Override
  public void dropTable(org.apache.flink.table.catalog.ObjectPath a0, boolean a1)
      throws org.apache.flink.table.catalog.exceptions.TableNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    delegate.dropTable(a0, a1);
  }

  @Override
  public void renameTable(
      org.apache.flink.table.catalog.ObjectPath a0, java.lang.String a1, boolean a2)
      throws org.apache.flink.table.catalog.exceptions.TableNotExistException,
          org.apache.flink.table.catalog.exceptions.TableAlreadyExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    delegate.renameTable(a0, a1, a2);
  }

  @Override
  public void createTable(
      org.apache.flink.table.catalog.ObjectPath a0,
      org.apache.flink.table.catalog.CatalogBaseTable a1,
      boolean a2)
      throws org.apache.flink.table.catalog.exceptions.TableAlreadyExistException,
          org.apache.flink.table.catalog.exceptions.DatabaseNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    delegate.createTable(a0, a1, a2);
  }

  @Override
  public void alterTable(
      org.apache.flink.table.catalog.ObjectPath a0,
      org.apache.flink.table.catalog.CatalogBaseTable a1,
      boolean a2)
      throws org.apache.flink.table.catalog.exceptions.TableNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    delegate.alterTable(a0, a1, a2);
  }

  @Override
  public java.util.List<org.apache.flink.table.catalog.CatalogPartitionSpec> listPartitions(
      org.apache.flink.table.catalog.ObjectPath a0)
      throws org.apache.flink.table.catalog.exceptions.TableNotExistException,
          org.apache.flink.table.catalog.exceptions.TableNotPartitionedException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.listPartitions(a0);
  }

  @Override
  public java.util.List<org.apache.flink.table.catalog.CatalogPartitionSpec> listPartitions(
      org.apache.flink.table.catalog.ObjectPath a0,
      org.apache.flink.table.catalog.CatalogPartitionSpec a1)
      throws org.apache.flink.table.catalog.exceptions.TableNotExistException,
          org.apache.flink.table.catalog.exceptions.TableNotPartitionedException,
          org.apache.flink.table.catalog.exceptions.PartitionSpecInvalidException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.listPartitions(a0, a1);
  }

  @Override
  public java.util.List<org.apache.flink.table.catalog.CatalogPartitionSpec> listPartitionsByFilter(
      org.apache.flink.table.catalog.ObjectPath a0,
      java.util.List<org.apache.flink.table.expressions.Expression> a1)
      throws org.apache.flink.table.catalog.exceptions.TableNotExistException,
          org.apache.flink.table.catalog.exceptions.TableNotPartitionedException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.listPartitionsByFilter(a0, a1);
  }

  @Override
  public org.apache.flink.table.catalog.CatalogPartition getPartition(
      org.apache.flink.table.catalog.ObjectPath a0,
      org.apache.flink.table.catalog.CatalogPartitionSpec a1)
      throws org.apache.flink.table.catalog.exceptions.PartitionNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.getPartition(a0, a1);
  }

  @Override
  public boolean partitionExists(
      org.apache.flink.table.catalog.ObjectPath a0,
      org.apache.flink.table.catalog.CatalogPartitionSpec a1)
      throws org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.partitionExists(a0, a1);
  }

  @Override
  public void createPartition(
      org.apache.flink.table.catalog.ObjectPath a0,
      org.apache.flink.table.catalog.CatalogPartitionSpec a1,
      org.apache.flink.table.catalog.CatalogPartition a2,
      boolean a3)
      throws org.apache.flink.table.catalog.exceptions.TableNotExistException,
          org.apache.flink.table.catalog.exceptions.TableNotPartitionedException,
          org.apache.flink.table.catalog.exceptions.PartitionSpecInvalidException,
          org.apache.flink.table.catalog.exceptions.PartitionAlreadyExistsException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    delegate.createPartition(a0, a1, a2, a3);
  }

  @Override
  public void dropPartition(
      org.apache.flink.table.catalog.ObjectPath a0,
      org.apache.flink.table.catalog.CatalogPartitionSpec a1,
      boolean a2)
      throws org.apache.flink.table.catalog.exceptions.PartitionNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    delegate.dropPartition(a0, a1, a2);
  }

  @Override
  public void alterPartition(
      org.apache.flink.table.catalog.ObjectPath a0,
      org.apache.flink.table.catalog.CatalogPartitionSpec a1,
      org.apache.flink.table.catalog.CatalogPartition a2,
      boolean a3)
      throws org.apache.flink.table.catalog.exceptions.PartitionNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    delegate.alterPartition(a0, a1, a2, a3);
  }

  @Override
  public java.util.List<java.lang.String> listFunctions(java.lang.String a0)
      throws org.apache.flink.table.catalog.exceptions.DatabaseNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.listFunctions(a0);
  }

  @Override
  public org.apache.flink.table.catalog.CatalogFunction getFunction(
      org.apache.flink.table.catalog.ObjectPath a0)
      throws org.apache.flink.table.catalog.exceptions.FunctionNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.getFunction(a0);
  }

  @Override
  public boolean functionExists(org.apache.flink.table.catalog.ObjectPath a0)
      throws org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.functionExists(a0);
  }

  @Override
  public void createFunction(
      org.apache.flink.table.catalog.ObjectPath a0,
      org.apache.flink.table.catalog.CatalogFunction a1,
      boolean a2)
      throws org.apache.flink.table.catalog.exceptions.FunctionAlreadyExistException,
          org.apache.flink.table.catalog.exceptions.DatabaseNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    delegate.createFunction(a0, a1, a2);
  }

  @Override
  public void alterFunction(
      org.apache.flink.table.catalog.ObjectPath a0,
      org.apache.flink.table.catalog.CatalogFunction a1,
      boolean a2)
      throws org.apache.flink.table.catalog.exceptions.FunctionNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    delegate.alterFunction(a0, a1, a2);
  }

  @Override
  public void dropFunction(org.apache.flink.table.catalog.ObjectPath a0, boolean a1)
      throws org.apache.flink.table.catalog.exceptions.FunctionNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    delegate.dropFunction(a0, a1);
  }

  @Override
  public org.apache.flink.table.catalog.stats.CatalogTableStatistics getTableStatistics(
      org.apache.flink.table.catalog.ObjectPath a0)
      throws org.apache.flink.table.catalog.exceptions.TableNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.getTableStatistics(a0);
  }

  @Override
  public org.apache.flink.table.catalog.stats.CatalogColumnStatistics getTableColumnStatistics(
      org.apache.flink.table.catalog.ObjectPath a0)
      throws org.apache.flink.table.catalog.exceptions.TableNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.getTableColumnStatistics(a0);
  }

  @Override
  public org.apache.flink.table.catalog.stats.CatalogTableStatistics getPartitionStatistics(
      org.apache.flink.table.catalog.ObjectPath a0,
      org.apache.flink.table.catalog.CatalogPartitionSpec a1)
      throws org.apache.flink.table.catalog.exceptions.PartitionNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.getPartitionStatistics(a0, a1);
  }

  @Override
  public org.apache.flink.table.catalog.stats.CatalogColumnStatistics getPartitionColumnStatistics(
      org.apache.flink.table.catalog.ObjectPath a0,
      org.apache.flink.table.catalog.CatalogPartitionSpec a1)
      throws org.apache.flink.table.catalog.exceptions.PartitionNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    return delegate.getPartitionColumnStatistics(a0, a1);
  }

  @Override
  public void alterTableStatistics(
      org.apache.flink.table.catalog.ObjectPath a0,
      org.apache.flink.table.catalog.stats.CatalogTableStatistics a1,
      boolean a2)
      throws org.apache.flink.table.catalog.exceptions.TableNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    delegate.alterTableStatistics(a0, a1, a2);
  }

  @Override
  public void alterTableColumnStatistics(
      org.apache.flink.table.catalog.ObjectPath a0,
      org.apache.flink.table.catalog.stats.CatalogColumnStatistics a1,
      boolean a2)
      throws org.apache.flink.table.catalog.exceptions.TableNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException,
          org.apache.flink.table.catalog.exceptions.TablePartitionedException {
    delegate.alterTableColumnStatistics(a0, a1, a2);
  }

  @Override
  public void alterPartitionStatistics(
      org.apache.flink.table.catalog.ObjectPath a0,
      org.apache.flink.table.catalog.CatalogPartitionSpec a1,
      org.apache.flink.table.catalog.stats.CatalogTableStatistics a2,
      boolean a3)
      throws org.apache.flink.table.catalog.exceptions.PartitionNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    delegate.alterPartitionStatistics(a0, a1, a2, a3);
  }

  @Override
  public void alterPartitionColumnStatistics(
      org.apache.flink.table.catalog.ObjectPath a0,
      org.apache.flink.table.catalog.CatalogPartitionSpec a1,
      org.apache.flink.table.catalog.stats.CatalogColumnStatistics a2,
      boolean a3)
      throws org.apache.flink.table.catalog.exceptions.PartitionNotExistException,
          org.apache.flink.table.catalog.exceptions.CatalogException {
    delegate.alterPartitionColumnStatistics(a0, a1, a2, a3);
  }
}
