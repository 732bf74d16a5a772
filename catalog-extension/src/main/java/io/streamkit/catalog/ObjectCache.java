package io.streamkit.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;

/**
 * The tables and views one catalog instance has decoded, by path, each with the masked form the
 * catalog shows (secret option values replaced by {@link Secrets#MASK}). Every use re-reads the
 * stored version and hands it to the database, which sends the definition only when it differs from
 * the cached one: so the cache saves decoding and transfer, and is never stale. Writes of this
 * instance invalidate what they change; writes of others are caught by the version.
 */
final class ObjectCache {
  /** A table or view as stored, and the masked form the catalog shows. */
  /** A decoded object; {@code updatedAt} is when it was last stored or checked (epoch ms). */
  record Entry(
      long version, String kind, CatalogBaseTable table, CatalogBaseTable shown, long updatedAt) {}

  /** Reads the row of one object; {@code cachedVersion} is -1 when nothing is cached. */
  @FunctionalInterface
  interface RowReader {
    Optional<MetadataSql.ObjectRow> read(long cachedVersion) throws SQLException;
  }

  private final Cache<ObjectPath, Entry> cache;
  private final Secrets secrets;

  ObjectCache(long maxSize, Secrets secrets) {
    this.cache = Caffeine.newBuilder().maximumSize(maxSize).build();
    this.secrets = secrets;
  }

  /**
   * The object at {@code path} as {@code reader} finds it: the cached entry when the stored version
   * is the cached one, else the newly decoded definition, which replaces it in the cache. Empty
   * when there is no such object.
   */
  Optional<Entry> load(ObjectPath path, RowReader reader) throws SQLException {
    Entry cached = cache.getIfPresent(path);
    Optional<MetadataSql.ObjectRow> row = reader.read(cached == null ? -1 : cached.version());
    if (row.isEmpty()) {
      return Optional.empty();
    }
    MetadataSql.ObjectRow r = row.get();
    if (r.definition() == null && cached != null) {
      return Optional.of(
          cached.updatedAt() == r.updatedAt()
              ? cached
              : new Entry(
                  cached.version(), cached.kind(), cached.table(), cached.shown(), r.updatedAt()));
    }
    Entry entry = decode(r);
    cache.put(path, entry);
    return Optional.of(entry);
  }

  /** Decodes a row that carries its definition, without caching it. */
  Entry decode(MetadataSql.ObjectRow row) {
    CatalogBaseTable table = TableCodec.decode(row.kind(), row.definition());
    CatalogBaseTable shown =
        table instanceof CatalogTable t ? t.copy(secrets.mask(t.getOptions())) : table;
    return new Entry(row.version(), row.kind(), table, shown, row.updatedAt());
  }

  void invalidate(ObjectPath path) {
    cache.invalidate(path);
  }

  void invalidateAll() {
    cache.invalidateAll();
  }

  /** Forgets every object of {@code database}, as after it was dropped. */
  void invalidateDatabase(String database) {
    cache.asMap().keySet().removeIf(p -> p.getDatabaseName().equals(database));
  }
}
