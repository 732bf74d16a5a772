package io.streamkit.dimension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

/** A snapshot held in a hash map on the heap. */
final class HeapSnapshot implements Snapshot {
  private final Map<RowData, List<RowData>> rowsByKey;
  private final long rows;

  private HeapSnapshot(Map<RowData, List<RowData>> rowsByKey) {
    this.rowsByKey = rowsByKey;
    this.rows = rowsByKey.values().stream().mapToLong(List::size).sum();
  }

  @Override
  public List<RowData> get(RowData key) {
    return rowsByKey.getOrDefault(key, List.of());
  }

  @Override
  public long rows() {
    return rows;
  }

  @Override
  public void close() {}

  static Builder builder() {
    return new Builder() {
      private final ConcurrentHashMap<RowData, List<RowData>> loaded = new ConcurrentHashMap<>();

      @Override
      public void add(GenericRowData key, GenericRowData row) {
        loaded
            .computeIfAbsent(key, k -> java.util.Collections.synchronizedList(new ArrayList<>(1)))
            .add(row);
      }

      @Override
      public Snapshot build() {
        Map<RowData, List<RowData>> map = new HashMap<>(loaded.size() * 4 / 3 + 1);
        loaded.forEach((k, v) -> map.put(k, List.copyOf(v)));
        loaded.clear();
        return new HeapSnapshot(map);
      }

      @Override
      public Snapshot update(Snapshot base, java.util.Collection<RowData> changedKeys) {
        // Copy on write: readers keep the old map until the new one is swapped in.
        Map<RowData, List<RowData>> map = new HashMap<>(((HeapSnapshot) base).rowsByKey);
        changedKeys.forEach(map::remove);
        loaded.forEach((k, v) -> map.put(k, List.copyOf(v)));
        return new HeapSnapshot(map);
      }

      @Override
      public void abort() {
        loaded.clear();
      }
    };
  }
}
