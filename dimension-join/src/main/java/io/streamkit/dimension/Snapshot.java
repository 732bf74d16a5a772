package io.streamkit.dimension;

import java.io.IOException;
import java.util.Collection;
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

    /** Finishes a full load. */
    Snapshot build() throws IOException;

    /**
     * Finishes an incremental load: the rows this builder saw replace the rows of {@code
     * changedKeys} in {@code base}, which may be changed in place and returned.
     */
    Snapshot update(Snapshot base, Collection<RowData> changedKeys) throws IOException;

    /** Drops a load that failed. */
    void abort();
  }
}
