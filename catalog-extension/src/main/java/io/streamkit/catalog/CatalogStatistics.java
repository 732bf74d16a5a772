package io.streamkit.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Function;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;

/**
 * Statistics of tables and partitions (rows of {@code sk_statistics}), as {@code ANALYZE TABLE} and
 * {@code Catalog#alter*Statistics} store them and the planner reads them. The rules are the catalog
 * API's (those of Flink's {@code GenericInMemoryCatalog}): statistics belong to an existing table
 * or partition and go with it when it is dropped or renamed; a partitioned table's own table
 * statistics read as unknown (the planner sums its partitions'); what was never stored is {@code
 * UNKNOWN}.
 */
final class CatalogStatistics {
  /** {@code partition_id} of statistics of a whole table. */
  static final String WHOLE_TABLE = "-";

  private static final String TABLE = "TABLE";
  private static final String COLUMN = "COLUMN";

  private final String catalogName;
  private final MetadataStore store;

  /** The catalog's table at a path, stored or not (a Kafka topic's). */
  @FunctionalInterface
  interface Tables {
    CatalogBaseTable get(ObjectPath path) throws TableNotExistException;
  }

  private final Tables tables;
  private final TablePartitions partitions;

  CatalogStatistics(
      String catalogName, MetadataStore store, Tables tables, TablePartitions partitions) {
    this.catalogName = catalogName;
    this.store = store;
    this.tables = tables;
    this.partitions = partitions;
  }

  CatalogTableStatistics table(ObjectPath path) throws TableNotExistException {
    CatalogBaseTable table = tables.get(path);
    if (table instanceof CatalogTable t && t.isPartitioned()) {
      return CatalogTableStatistics.UNKNOWN;
    }
    return read(path, WHOLE_TABLE, TABLE, StatisticsCodec::decodeTable)
        .orElse(CatalogTableStatistics.UNKNOWN);
  }

  CatalogColumnStatistics columns(ObjectPath path) throws TableNotExistException {
    tables.get(path);
    return read(path, WHOLE_TABLE, COLUMN, StatisticsCodec::decodeColumns)
        .orElse(CatalogColumnStatistics.UNKNOWN);
  }

  CatalogTableStatistics partition(ObjectPath path, CatalogPartitionSpec spec)
      throws PartitionNotExistException {
    return read(path, partitions.idOfExisting(path, spec), TABLE, StatisticsCodec::decodeTable)
        .orElse(CatalogTableStatistics.UNKNOWN);
  }

  CatalogColumnStatistics partitionColumns(ObjectPath path, CatalogPartitionSpec spec)
      throws PartitionNotExistException {
    return read(path, partitions.idOfExisting(path, spec), COLUMN, StatisticsCodec::decodeColumns)
        .orElse(CatalogColumnStatistics.UNKNOWN);
  }

  void alterTable(ObjectPath path, CatalogTableStatistics stats, boolean ignoreIfNotExists)
      throws TableNotExistException {
    alterOfTable(path, TABLE, StatisticsCodec.encode(stats), ignoreIfNotExists);
  }

  void alterColumns(ObjectPath path, CatalogColumnStatistics stats, boolean ignoreIfNotExists)
      throws TableNotExistException {
    alterOfTable(path, COLUMN, StatisticsCodec.encode(stats), ignoreIfNotExists);
  }

  void alterPartition(
      ObjectPath path,
      CatalogPartitionSpec spec,
      CatalogTableStatistics stats,
      boolean ignoreIfNotExists)
      throws PartitionNotExistException {
    alterOfPartition(path, spec, TABLE, StatisticsCodec.encode(stats), ignoreIfNotExists);
  }

  void alterPartitionColumns(
      ObjectPath path,
      CatalogPartitionSpec spec,
      CatalogColumnStatistics stats,
      boolean ignoreIfNotExists)
      throws PartitionNotExistException {
    alterOfPartition(path, spec, COLUMN, StatisticsCodec.encode(stats), ignoreIfNotExists);
  }

  private void alterOfTable(ObjectPath path, String kind, String json, boolean ignoreIfNotExists)
      throws TableNotExistException {
    boolean stored =
        upsert(
            "store statistics of " + path.getFullName(),
            c -> MetadataSql.objectExists(c, path),
            path,
            WHOLE_TABLE,
            kind,
            json);
    if (!stored && !ignoreIfNotExists) {
      throw new TableNotExistException(catalogName, path);
    }
  }

  private void alterOfPartition(
      ObjectPath path,
      CatalogPartitionSpec spec,
      String kind,
      String json,
      boolean ignoreIfNotExists)
      throws PartitionNotExistException {
    String id;
    try {
      id = partitions.idOfExisting(path, spec);
    } catch (PartitionNotExistException e) {
      if (ignoreIfNotExists) {
        return;
      }
      throw e;
    }
    boolean stored =
        upsert(
            "store statistics of a partition of " + path.getFullName(),
            c -> MetadataSql.partition(c, store.keys(), path, id).isPresent(),
            path,
            id,
            kind,
            json);
    if (!stored && !ignoreIfNotExists) {
      throw new PartitionNotExistException(catalogName, path, spec);
    }
  }

  /**
   * Writes the statistics in one transaction if {@code owner} (the table or partition) still exists
   * in it; false when it does not. Update first, insert when there was nothing to update, and
   * update again if another session inserted meanwhile.
   */
  private boolean upsert(
      String action,
      MetadataStore.SqlWork<Boolean> owner,
      ObjectPath path,
      String partitionId,
      String kind,
      String json) {
    long now = System.currentTimeMillis();
    MetadataStore.SqlWork<Boolean> work =
        c -> {
          if (!owner.run(c)) {
            return false;
          }
          if (update(c, path, partitionId, kind, json, now) == 0) {
            MetadataStore.update(
                c,
                "INSERT INTO sk_statistics (db_name, object_name, partition_id, stats_kind,"
                    + " definition, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                path.getDatabaseName(),
                path.getObjectName(),
                partitionId,
                kind,
                json,
                now);
          }
          return true;
        };
    return store
        .writeUnlessDuplicate(action, work)
        .orElseGet(() -> store.writeOrFail(action, work));
  }

  private static int update(
      Connection c, ObjectPath path, String partitionId, String kind, String json, long now)
      throws SQLException {
    return MetadataStore.update(
        c,
        "UPDATE sk_statistics SET definition = ?, updated_at = ? WHERE db_name = ?"
            + " AND object_name = ? AND partition_id = ? AND stats_kind = ?",
        json,
        now,
        path.getDatabaseName(),
        path.getObjectName(),
        partitionId,
        kind);
  }

  private <T> Optional<T> read(
      ObjectPath path, String partitionId, String kind, Function<String, T> decode) {
    return store
        .read(
            "read statistics of " + path.getFullName(),
            c ->
                MetadataStore.queryOne(
                    c,
                    "SELECT definition FROM sk_statistics WHERE db_name = ? AND object_name = ?"
                        + " AND partition_id = ? AND stats_kind = ?",
                    rs -> rs.getString(1),
                    path.getDatabaseName(),
                    path.getObjectName(),
                    partitionId,
                    kind))
        .map(decode);
  }
}
