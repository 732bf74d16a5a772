package io.streamkit.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.PartitionAlreadyExistsException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionSpecInvalidException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;

/**
 * The partitions of the catalog's partitioned tables, with the catalog API's rules: a partition is
 * named by a full spec (a value for every partition key of its table), stored under the id of that
 * spec ({@link PartitionSpecs#id}), and listed in partition-key order. The table's keys come from
 * the catalog, which reads the table through its cache.
 */
final class TablePartitions {
  /** The partition keys of a table. */
  @FunctionalInterface
  interface KeysOf {
    List<String> keys(ObjectPath path) throws TableNotExistException, TableNotPartitionedException;
  }

  /** A change of the partition with id {@code id}; returns how many rows it changed. */
  @FunctionalInterface
  private interface Change {
    int run(Connection c, String id) throws SQLException;
  }

  private final String catalogName;
  private final MetadataStore store;
  private final KeysOf keysOf;

  TablePartitions(String catalogName, MetadataStore store, KeysOf keysOf) {
    this.catalogName = catalogName;
    this.store = store;
    this.keysOf = keysOf;
  }

  List<CatalogPartitionSpec> list(ObjectPath path)
      throws TableNotExistException, TableNotPartitionedException {
    List<String> keys = keysOf.keys(path);
    List<CatalogPartitionSpec> specs = new ArrayList<>();
    for (Map<String, String> stored :
        store.read(
            "list partitions of " + path.getFullName(), c -> MetadataSql.partitionSpecs(c, path))) {
      specs.add(
          new CatalogPartitionSpec(PartitionSpecs.ordered(keys, new CatalogPartitionSpec(stored))));
    }
    specs.sort(Comparator.comparing(s -> s.getPartitionSpec().toString()));
    return specs;
  }

  /** The partitions that have every value {@code partialSpec} names. */
  List<CatalogPartitionSpec> list(ObjectPath path, CatalogPartitionSpec partialSpec)
      throws TableNotExistException, TableNotPartitionedException, PartitionSpecInvalidException {
    List<String> keys = keysOf.keys(path);
    if (!PartitionSpecs.isPartial(keys, partialSpec)) {
      throw new PartitionSpecInvalidException(catalogName, keys, path, partialSpec);
    }
    return list(path).stream().filter(spec -> PartitionSpecs.matches(spec, partialSpec)).toList();
  }

  CatalogPartition get(ObjectPath path, CatalogPartitionSpec spec)
      throws PartitionNotExistException {
    String id = existingId(path, spec);
    return store
        .read(
            "read partition of " + path.getFullName(),
            c -> MetadataSql.partition(c, store.keys(), path, id))
        .orElseThrow(() -> new PartitionNotExistException(catalogName, path, spec));
  }

  /** The id of the stored partition {@code spec} names. */
  String idOfExisting(ObjectPath path, CatalogPartitionSpec spec)
      throws PartitionNotExistException {
    get(path, spec);
    return existingId(path, spec);
  }

  boolean exists(ObjectPath path, CatalogPartitionSpec spec) {
    try {
      get(path, spec);
      return true;
    } catch (PartitionNotExistException e) {
      return false;
    }
  }

  void create(
      ObjectPath path,
      CatalogPartitionSpec spec,
      CatalogPartition partition,
      boolean ignoreIfExists)
      throws TableNotExistException,
          TableNotPartitionedException,
          PartitionSpecInvalidException,
          PartitionAlreadyExistsException {
    String id = PartitionSpecs.id(fullSpecKeys(path, spec), spec);
    long now = System.currentTimeMillis();
    boolean created =
        store
            .writeUnlessDuplicate(
                "create partition of " + path.getFullName(),
                c ->
                    MetadataSql.insertPartition(
                        c, store.keys(), path, id, spec.getPartitionSpec(), partition, now))
            .isPresent();
    if (!created && !ignoreIfExists) {
      throw new PartitionAlreadyExistsException(catalogName, path, spec);
    }
  }

  void drop(ObjectPath path, CatalogPartitionSpec spec, boolean ignoreIfNotExists)
      throws PartitionNotExistException {
    change(path, spec, ignoreIfNotExists, (c, id) -> MetadataSql.deletePartition(c, path, id));
  }

  void alter(
      ObjectPath path,
      CatalogPartitionSpec spec,
      CatalogPartition newPartition,
      boolean ignoreIfNotExists)
      throws PartitionNotExistException {
    long now = System.currentTimeMillis();
    change(
        path,
        spec,
        ignoreIfNotExists,
        (c, id) -> MetadataSql.updatePartition(c, store.keys(), path, id, newPartition, now));
  }

  private void change(
      ObjectPath path, CatalogPartitionSpec spec, boolean ignoreIfNotExists, Change change)
      throws PartitionNotExistException {
    String id;
    try {
      id = existingId(path, spec);
    } catch (PartitionNotExistException e) {
      if (ignoreIfNotExists) {
        return;
      }
      throw e;
    }
    int changed =
        store.writeOrFail("change partition of " + path.getFullName(), c -> change.run(c, id));
    if (changed == 0 && !ignoreIfNotExists) {
      throw new PartitionNotExistException(catalogName, path, spec);
    }
  }

  private List<String> fullSpecKeys(ObjectPath path, CatalogPartitionSpec spec)
      throws TableNotExistException, TableNotPartitionedException, PartitionSpecInvalidException {
    List<String> keys = keysOf.keys(path);
    if (!PartitionSpecs.isFull(keys, spec)) {
      throw new PartitionSpecInvalidException(catalogName, keys, path, spec);
    }
    return keys;
  }

  /** The id of the partition {@code spec} names; a table or spec that cannot have it is absent. */
  private String existingId(ObjectPath path, CatalogPartitionSpec spec)
      throws PartitionNotExistException {
    try {
      return PartitionSpecs.id(fullSpecKeys(path, spec), spec);
    } catch (TableNotExistException
        | TableNotPartitionedException
        | PartitionSpecInvalidException e) {
      throw new PartitionNotExistException(catalogName, path, spec, e);
    }
  }
}
