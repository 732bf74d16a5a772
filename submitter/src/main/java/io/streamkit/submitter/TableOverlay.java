package io.streamkit.submitter;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;

/**
 * The tables and views {@link ValidationCatalog} shows, with their statistics and partitions: one
 * {@link Overlay} each. Dropping a table drops what hangs off it, renaming moves it, so a table
 * re-created under an old name starts empty, as it would in a run. Whether the database exists is
 * the caller's check.
 */
final class TableOverlay {
  private final String catalogName;
  private final Overlay<ObjectPath, CatalogBaseTable> tables;
  private final Overlay<ObjectPath, CatalogTableStatistics> stats;
  private final Overlay<ObjectPath, CatalogColumnStatistics> columnStats;
  private final PartitionOverlay partitions;

  TableOverlay(String catalogName, Catalog real) {
    this.catalogName = catalogName;
    this.tables = Overlay.over(real::getTable, TableNotExistException.class);
    this.stats = Overlay.over(real::getTableStatistics, TableNotExistException.class);
    this.columnStats = Overlay.over(real::getTableColumnStatistics, TableNotExistException.class);
    this.partitions = new PartitionOverlay(catalogName, real, tables::get);
  }

  PartitionOverlay partitions() {
    return partitions;
  }

  Optional<CatalogBaseTable> get(ObjectPath path) {
    return tables.get(path);
  }

  CatalogBaseTable getOrThrow(ObjectPath path) throws TableNotExistException {
    return tables.get(path).orElseThrow(() -> new TableNotExistException(catalogName, path));
  }

  boolean exists(ObjectPath path) {
    return tables.exists(path);
  }

  /** Whether the script created, altered, renamed or dropped the table at {@code path}. */
  boolean touched(ObjectPath path) {
    return tables.touched(path);
  }

  /** The names in {@code db}: the real catalog's {@code realNames} and the script's own. */
  List<String> names(String db, List<String> realNames, Predicate<CatalogBaseTable> filter) {
    List<ObjectPath> realKeys = realNames.stream().map(n -> new ObjectPath(db, n)).toList();
    return tables
        .keys(
            realKeys,
            k -> k.getDatabaseName().equals(db) && tables.get(k).filter(filter).isPresent())
        .stream()
        .map(ObjectPath::getObjectName)
        .toList();
  }

  void create(ObjectPath path, CatalogBaseTable table, boolean ignoreIfExists)
      throws TableAlreadyExistException {
    if (exists(path)) {
      if (!ignoreIfExists) {
        throw new TableAlreadyExistException(catalogName, path);
      }
      return;
    }
    tables.put(path, table.copy());
  }

  void alter(ObjectPath path, CatalogBaseTable newTable, boolean ignoreIfNotExists)
      throws TableNotExistException {
    Optional<CatalogBaseTable> existing = tables.get(path);
    if (existing.isEmpty()) {
      if (!ignoreIfNotExists) {
        throw new TableNotExistException(catalogName, path);
      }
      return;
    }
    if (existing.get().getTableKind() != newTable.getTableKind()) {
      throw new CatalogException(
          String.format(
              "Table types don't match. Existing table is '%s' and new table is '%s'.",
              existing.get().getTableKind(), newTable.getTableKind()));
    }
    tables.put(path, newTable.copy());
  }

  void drop(ObjectPath path, boolean ignoreIfNotExists) throws TableNotExistException {
    if (!exists(path)) {
      if (!ignoreIfNotExists) {
        throw new TableNotExistException(catalogName, path);
      }
      return;
    }
    forget(path);
  }

  /** Drops the table at {@code path} with its statistics and partitions. */
  void forget(ObjectPath path) {
    partitions.dropAll(path);
    stats.drop(path);
    columnStats.drop(path);
    tables.drop(path);
  }

  void rename(ObjectPath path, String newName, boolean ignoreIfNotExists)
      throws TableNotExistException, TableAlreadyExistException {
    if (!exists(path)) {
      if (!ignoreIfNotExists) {
        throw new TableNotExistException(catalogName, path);
      }
      return;
    }
    ObjectPath target = new ObjectPath(path.getDatabaseName(), newName);
    if (exists(target)) {
      throw new TableAlreadyExistException(catalogName, target);
    }
    partitions.move(path, target);
    stats.get(path).ifPresentOrElse(s -> stats.put(target, s), () -> stats.drop(target));
    columnStats
        .get(path)
        .ifPresentOrElse(s -> columnStats.put(target, s), () -> columnStats.drop(target));
    tables.put(target, getOrThrow(path));
    forget(path);
  }

  CatalogTableStatistics statistics(ObjectPath path) throws TableNotExistException {
    if (getOrThrow(path) instanceof CatalogTable t && t.isPartitioned()) {
      return CatalogTableStatistics.UNKNOWN; // a partitioned table's statistics are per partition
    }
    return stats.get(path).orElse(CatalogTableStatistics.UNKNOWN);
  }

  CatalogColumnStatistics columnStatistics(ObjectPath path) throws TableNotExistException {
    getOrThrow(path);
    return columnStats.get(path).orElse(CatalogColumnStatistics.UNKNOWN);
  }

  void alterStatistics(ObjectPath path, CatalogTableStatistics value, boolean ignoreIfNotExists)
      throws TableNotExistException {
    if (exists(path)) {
      stats.put(path, value.copy());
    } else if (!ignoreIfNotExists) {
      throw new TableNotExistException(catalogName, path);
    }
  }

  void alterColumnStatistics(
      ObjectPath path, CatalogColumnStatistics value, boolean ignoreIfNotExists)
      throws TableNotExistException {
    if (exists(path)) {
      columnStats.put(path, value.copy());
    } else if (!ignoreIfNotExists) {
      throw new TableNotExistException(catalogName, path);
    }
  }
}
