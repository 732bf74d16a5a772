package io.streamkit.submitter;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.PartitionAlreadyExistsException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionSpecInvalidException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;

/**
 * The partitions, and their statistics, of the tables {@link ValidationCatalog} shows: one {@link
 * Overlay} each, keyed by table and spec, with the rules of Flink's catalog contract (the table
 * must exist and be partitioned, a spec must name every partition key).
 */
final class PartitionOverlay {
  /** A partition of a table. */
  record Key(ObjectPath table, CatalogPartitionSpec spec) {}

  private final String catalogName;
  private final Catalog real;
  private final Function<ObjectPath, Optional<CatalogBaseTable>> tables;
  private final Overlay<Key, CatalogPartition> partitions;
  private final Overlay<Key, CatalogTableStatistics> stats;
  private final Overlay<Key, CatalogColumnStatistics> columnStats;

  /**
   * @param tables the table the script sees at a path
   */
  PartitionOverlay(
      String catalogName, Catalog real, Function<ObjectPath, Optional<CatalogBaseTable>> tables) {
    this.catalogName = catalogName;
    this.real = real;
    this.tables = tables;
    this.partitions =
        Overlay.over(k -> real.getPartition(k.table(), k.spec()), PartitionNotExistException.class);
    this.stats =
        Overlay.over(
            k -> real.getPartitionStatistics(k.table(), k.spec()),
            PartitionNotExistException.class);
    this.columnStats =
        Overlay.over(
            k -> real.getPartitionColumnStatistics(k.table(), k.spec()),
            PartitionNotExistException.class);
  }

  List<CatalogPartitionSpec> list(ObjectPath path)
      throws TableNotExistException, TableNotPartitionedException {
    partitionKeys(path);
    return partitions.keys(realKeys(path), k -> k.table().equals(path)).stream()
        .map(Key::spec)
        .toList();
  }

  List<CatalogPartitionSpec> list(ObjectPath path, CatalogPartitionSpec partial)
      throws TableNotExistException, TableNotPartitionedException, PartitionSpecInvalidException {
    List<String> keys = partitionKeys(path);
    if (!keys.containsAll(partial.getPartitionSpec().keySet())) {
      throw new PartitionSpecInvalidException(catalogName, keys, path, partial);
    }
    return list(path).stream()
        .filter(
            spec ->
                spec.getPartitionSpec()
                    .entrySet()
                    .containsAll(partial.getPartitionSpec().entrySet()))
        .toList();
  }

  boolean exists(ObjectPath path, CatalogPartitionSpec spec) {
    return isFullSpec(path, spec) && partitions.exists(new Key(path, spec));
  }

  CatalogPartition get(ObjectPath path, CatalogPartitionSpec spec)
      throws PartitionNotExistException {
    return partitions
        .get(existing(path, spec))
        .orElseThrow(() -> new PartitionNotExistException(catalogName, path, spec));
  }

  void create(
      ObjectPath path, CatalogPartitionSpec spec, CatalogPartition partition, boolean ignore)
      throws TableNotExistException,
          TableNotPartitionedException,
          PartitionSpecInvalidException,
          PartitionAlreadyExistsException {
    List<String> keys = partitionKeys(path);
    if (!isFull(keys, spec)) {
      throw new PartitionSpecInvalidException(catalogName, keys, path, spec);
    }
    Key key = new Key(path, spec);
    if (partitions.exists(key)) {
      if (!ignore) {
        throw new PartitionAlreadyExistsException(catalogName, path, spec);
      }
      return;
    }
    partitions.put(key, partition.copy());
    stats.drop(key); // a new partition has no statistics yet
    columnStats.drop(key);
  }

  void drop(ObjectPath path, CatalogPartitionSpec spec, boolean ignore)
      throws PartitionNotExistException {
    if (!exists(path, spec)) {
      if (!ignore) {
        throw new PartitionNotExistException(catalogName, path, spec);
      }
      return;
    }
    forget(new Key(path, spec));
  }

  void alter(ObjectPath path, CatalogPartitionSpec spec, CatalogPartition partition, boolean ignore)
      throws PartitionNotExistException {
    if (!exists(path, spec)) {
      if (!ignore) {
        throw new PartitionNotExistException(catalogName, path, spec);
      }
      return;
    }
    partitions.put(new Key(path, spec), partition.copy());
  }

  CatalogTableStatistics statistics(ObjectPath path, CatalogPartitionSpec spec)
      throws PartitionNotExistException {
    return stats.get(existing(path, spec)).orElse(CatalogTableStatistics.UNKNOWN);
  }

  CatalogColumnStatistics columnStatistics(ObjectPath path, CatalogPartitionSpec spec)
      throws PartitionNotExistException {
    return columnStats.get(existing(path, spec)).orElse(CatalogColumnStatistics.UNKNOWN);
  }

  void alterStatistics(
      ObjectPath path, CatalogPartitionSpec spec, CatalogTableStatistics value, boolean ignore)
      throws PartitionNotExistException {
    if (exists(path, spec)) {
      stats.put(new Key(path, spec), value.copy());
    } else if (!ignore) {
      throw new PartitionNotExistException(catalogName, path, spec);
    }
  }

  void alterColumnStatistics(
      ObjectPath path, CatalogPartitionSpec spec, CatalogColumnStatistics value, boolean ignore)
      throws PartitionNotExistException {
    if (exists(path, spec)) {
      columnStats.put(new Key(path, spec), value.copy());
    } else if (!ignore) {
      throw new PartitionNotExistException(catalogName, path, spec);
    }
  }

  /** The table at {@code path} is being dropped: its partitions go with it. */
  void dropAll(ObjectPath path) {
    for (Key key : visible(path)) {
      forget(key);
    }
  }

  /** The table at {@code from} is being renamed to {@code to}: its partitions move with it. */
  void move(ObjectPath from, ObjectPath to) {
    for (Key key : visible(from)) {
      Key moved = new Key(to, key.spec());
      partitions.put(moved, partitions.get(key).orElseThrow());
      stats.get(key).ifPresentOrElse(s -> stats.put(moved, s), () -> stats.drop(moved));
      columnStats
          .get(key)
          .ifPresentOrElse(s -> columnStats.put(moved, s), () -> columnStats.drop(moved));
      forget(key);
    }
  }

  private void forget(Key key) {
    partitions.drop(key);
    stats.drop(key);
    columnStats.drop(key);
  }

  private List<Key> visible(ObjectPath path) {
    return partitions.keys(realKeys(path), k -> k.table().equals(path));
  }

  /** The partitions the real catalog has for a table at {@code path}, whichever table it is. */
  private List<Key> realKeys(ObjectPath path) {
    try {
      return real.listPartitions(path).stream().map(spec -> new Key(path, spec)).toList();
    } catch (TableNotExistException | TableNotPartitionedException e) {
      return List.of();
    }
  }

  /** The key of an existing partition, else the exception the contract asks for. */
  private Key existing(ObjectPath path, CatalogPartitionSpec spec)
      throws PartitionNotExistException {
    if (!exists(path, spec)) {
      throw new PartitionNotExistException(catalogName, path, spec);
    }
    return new Key(path, spec);
  }

  private List<String> partitionKeys(ObjectPath path)
      throws TableNotExistException, TableNotPartitionedException {
    CatalogBaseTable table =
        tables.apply(path).orElseThrow(() -> new TableNotExistException(catalogName, path));
    if (!(table instanceof CatalogTable t) || !t.isPartitioned()) {
      throw new TableNotPartitionedException(catalogName, path);
    }
    return t.getPartitionKeys();
  }

  private boolean isFullSpec(ObjectPath path, CatalogPartitionSpec spec) {
    try {
      return isFull(partitionKeys(path), spec);
    } catch (TableNotExistException | TableNotPartitionedException e) {
      return false;
    }
  }

  private static boolean isFull(List<String> keys, CatalogPartitionSpec spec) {
    Map<String, String> values = spec.getPartitionSpec();
    return values.size() == keys.size() && values.keySet().containsAll(keys);
  }
}
