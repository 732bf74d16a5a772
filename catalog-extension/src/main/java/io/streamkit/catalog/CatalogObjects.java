package io.streamkit.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;

/**
 * The tables and views of one catalog instance (rows of {@code sk_object}): read through the {@link
 * ObjectCache}, shown with secrets masked, stored with secrets real, and altered only on the
 * version this session read ({@link TableVersions}).
 */
final class CatalogObjects {
  private final String catalogName;
  private final MetadataStore store;
  private final Secrets secrets;
  private final ObjectCache cache;
  private final TableVersions versions;

  CatalogObjects(String catalogName, MetadataStore store, Secrets secrets, long cacheMaxSize) {
    this.catalogName = catalogName;
    this.store = store;
    this.secrets = secrets;
    this.cache = new ObjectCache(cacheMaxSize, secrets);
    this.versions = new TableVersions(catalogName);
  }

  private enum Outcome {
    DONE,
    NOT_FOUND,
    EXISTS,
    CONFLICT
  }

  /** The stored object (from the cache when it is current); the base of this session's ALTER. */
  ObjectCache.Entry load(ObjectPath path) throws TableNotExistException {
    ObjectCache.Entry object =
        store
            .read(
                "read " + path.getFullName(),
                c ->
                    cache.load(
                        path,
                        cachedVersion -> MetadataSql.object(c, store.keys(), path, cachedVersion)))
            .orElseThrow(() -> new TableNotExistException(catalogName, path));
    versions.read(path, object.version());
    return object;
  }

  /** Marks {@code path} at {@code version} as checked now, without changing it. */
  void touch(ObjectPath path, long version) {
    store.writeOrFail(
        "touch " + path.getFullName(),
        c -> {
          MetadataSql.touchObject(c, path, version, System.currentTimeMillis());
          return null;
        });
  }

  boolean exists(ObjectPath path) {
    return store.read("read " + path.getFullName(), c -> MetadataSql.objectExists(c, path));
  }

  /** The partition keys of a partitioned table. */
  List<String> partitionKeys(ObjectPath path)
      throws TableNotExistException, TableNotPartitionedException {
    CatalogBaseTable table = load(path).table();
    if (!(table instanceof CatalogTable t) || !t.isPartitioned()) {
      throw new TableNotPartitionedException(catalogName, path);
    }
    return t.getPartitionKeys();
  }

  void create(ObjectPath path, CatalogBaseTable table, boolean ignoreIfExists)
      throws TableAlreadyExistException, DatabaseNotExistException {
    secrets.rejectMasked(path.getFullName(), table.getOptions());
    String kind = TableCodec.kindOf(table);
    String definition = TableCodec.encode(table);
    long now = System.currentTimeMillis();
    boolean created =
        MetadataSql.insertInDatabase(
            store,
            catalogName,
            "create " + path.getFullName(),
            path.getDatabaseName(),
            c -> MetadataSql.insertObject(c, store.keys(), path, kind, definition, now));
    if (!created && !ignoreIfExists) {
      throw new TableAlreadyExistException(catalogName, path);
    }
    cache.invalidate(path);
  }

  /**
   * Replaces the definition, if the stored version is still the one this session read. Options that
   * {@code newTable} carries masked, as shown, keep their stored secret.
   */
  void alter(ObjectPath path, CatalogBaseTable newTable, boolean ignoreIfNotExists)
      throws TableNotExistException {
    TableVersions.Alter alter = versions.beginAlter(path);
    String newKind = TableCodec.kindOf(newTable);
    long now = System.currentTimeMillis();
    Outcome outcome =
        store.writeOrFail(
            "alter " + path.getFullName(),
            c -> {
              Optional<MetadataSql.ObjectRow> current =
                  MetadataSql.object(c, store.keys(), path, -1);
              if (current.isEmpty()) {
                return Outcome.NOT_FOUND;
              }
              ObjectCache.Entry old = cache.decode(current.get());
              long expected = alter.expected(old.version());
              if (!old.kind().equals(newKind)) {
                // Flink's own message (GenericInMemoryCatalog's, which CatalogTest checks).
                throw new CatalogException(
                    String.format(
                        "Table types don't match. Existing table is '%s' and new table is '%s'.",
                        old.kind(), newKind));
              }
              CatalogBaseTable toStore = newTable;
              if (newTable instanceof ResolvedCatalogTable resolved) {
                toStore =
                    resolved.copy(Secrets.unmask(resolved.getOptions(), old.table().getOptions()));
              }
              secrets.rejectMasked(path.getFullName(), toStore.getOptions());
              return MetadataSql.updateObjectAt(
                      c, store.keys(), path, TableCodec.encode(toStore), now, expected)
                  ? Outcome.DONE
                  : Outcome.CONFLICT;
            });
    cache.invalidate(path);
    switch (outcome) {
      case NOT_FOUND:
        if (!ignoreIfNotExists) {
          throw new TableNotExistException(catalogName, path);
        }
        return;
      case CONFLICT:
        throw alter.conflict();
      default:
        alter.committed();
    }
  }

  void rename(ObjectPath path, String newName, boolean ignoreIfNotExists)
      throws TableNotExistException, TableAlreadyExistException {
    ObjectPath target = new ObjectPath(path.getDatabaseName(), newName);
    Outcome outcome =
        store
            .writeUnlessDuplicate(
                "rename " + path.getFullName(),
                c -> {
                  if (!MetadataSql.objectExists(c, path)) {
                    return Outcome.NOT_FOUND;
                  }
                  if (MetadataSql.objectExists(c, target)) {
                    return Outcome.EXISTS;
                  }
                  MetadataSql.renameObject(c, path, newName, System.currentTimeMillis());
                  return Outcome.DONE;
                })
            .orElse(Outcome.EXISTS);
    cache.invalidate(path);
    cache.invalidate(target);
    if (outcome == Outcome.NOT_FOUND && !ignoreIfNotExists) {
      throw new TableNotExistException(catalogName, path);
    }
    if (outcome == Outcome.EXISTS) {
      throw new TableAlreadyExistException(catalogName, target);
    }
  }

  void drop(ObjectPath path, boolean ignoreIfNotExists) throws TableNotExistException {
    int deleted =
        store.writeOrFail("drop " + path.getFullName(), c -> MetadataSql.deleteObject(c, path));
    cache.invalidate(path);
    versions.forget(path);
    if (deleted == 0 && !ignoreIfNotExists) {
      throw new TableNotExistException(catalogName, path);
    }
  }

  /** Forgets every cached object, as after the data key was rotated. */
  void forgetAll() {
    cache.invalidateAll();
  }

  /** Forgets the cached objects of {@code database}, after it was dropped. */
  void forgetDatabase(String database) {
    cache.invalidateDatabase(database);
  }

  /** The real options of a table, secrets included; for the connector factory only. */
  Map<String, String> storedOptions(ObjectPath path) throws TableNotExistException {
    return load(path).table().getOptions();
  }
}
