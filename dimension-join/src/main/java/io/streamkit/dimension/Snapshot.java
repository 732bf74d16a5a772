package io.streamkit.dimension;

import java.io.IOException;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

/** One complete, immutable load of a dimension table, indexed by lookup key. */
interface Snapshot extends AutoCloseable {
  List<RowData> get(RowData key) throws IOException;

  long rows();

  @Override
  void close();

  /** Collects a snapshot while a load streams rows in, from several scan threads at once. */
  interface Builder {
    void add(GenericRowData key, GenericRowData row) throws IOException;

    /**
     * Finishes the load. {@code base}, when not null, is the snapshot an incremental load starts
     * from: every key this builder saw replaces that key's rows in it.
     */
    Snapshot build(Snapshot base) throws IOException;

    /** Drops a load that failed. */
    void abort();
  }
}
