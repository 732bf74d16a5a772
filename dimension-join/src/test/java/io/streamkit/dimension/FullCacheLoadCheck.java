package io.streamkit.dimension;

import java.time.Duration;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;

/**
 * Run in a child JVM with a small heap by {@link RocksDbFullCacheITCase}: loads table {@code big}
 * into a FULL cache snapshot with the given backend, checks some lookups, prints {@code OK rows=n}.
 * Arguments: jdbc-url user backend rocksdb-dir.
 */
public final class FullCacheLoadCheck {
  public static void main(String[] args) throws Exception {
    List<LogicalType> types = List.of(new BigIntType(), new VarCharType(VarCharType.MAX_LENGTH));
    int[] keys = {0};
    RowConverter converter = new RowConverter(types, keys);
    JdbcDimensionTable table =
        new JdbcDimensionTable(
            args[0],
            args[1],
            null,
            "big",
            new SchemaCheck.Resolved(List.of("big"), List.of("id", "payload")),
            List.of(0),
            converter,
            4,
            Duration.ofSeconds(10),
            Duration.ofMinutes(5),
            0,
            Duration.ofMillis(100));
    String dir = args[3];
    SnapshotLoader.SerializableSupplier<Snapshot.Builder> builders =
        args[2].equals("rocksdb")
            ? () ->
                RocksDbSnapshot.builder(
                    java.nio.file.Path.of(dir),
                    new RocksDbSnapshot.Codec(
                        new LogicalType[] {types.get(0)}, types.toArray(LogicalType[]::new)))
            : HeapSnapshot::builder;
    table.open();
    try (Snapshot snapshot = new SnapshotLoader(table, "id", 4, null, 1, builders).load(null)) {
      for (long id = 1; id <= snapshot.rows(); id += snapshot.rows() / 1000) {
        List<RowData> rows = snapshot.get(GenericRowData.of(id));
        if (rows.size() != 1 || !rows.get(0).getString(1).toString().endsWith("-" + id)) {
          throw new AssertionError("wrong rows for key " + id + ": " + rows);
        }
      }
      if (!snapshot.get(GenericRowData.of(-1L)).isEmpty()) {
        throw new AssertionError("found a missing key");
      }
      System.out.println(
          "OK rows="
              + snapshot.rows()
              + " maxHeapMiB="
              + Runtime.getRuntime().maxMemory() / (1 << 20));
    } finally {
      table.close();
    }
  }
}
