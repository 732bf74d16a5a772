package io.streamkit.dimension;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

/**
 * Loads FULL cache snapshots: the whole table in parallel range scans, or, with an incremental
 * column, only the keys whose rows changed since the last load.
 */
final class SnapshotLoader implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int INCREMENTAL_BATCH = 500;

  private final JdbcDimensionTable table;
  // Database column names, as resolved at planning.
  private final String splitColumn; // first lookup key column when it is an integer, else null
  private final int scanParallelism;
  private final String incrementalColumn; // null: every reload is full
  private final int fullReloadEvery;
  private final SerializableSupplier<Snapshot.Builder> builders;

  private transient Object lastMark;
  private transient int reloadsSinceFull;

  interface SerializableSupplier<T> extends Supplier<T>, Serializable {}

  SnapshotLoader(
      JdbcDimensionTable table,
      String splitColumn,
      int scanParallelism,
      String incrementalColumn,
      int fullReloadEvery,
      SerializableSupplier<Snapshot.Builder> builders) {
    this.table = table;
    this.splitColumn = splitColumn;
    this.scanParallelism = scanParallelism;
    this.incrementalColumn = incrementalColumn;
    this.fullReloadEvery = fullReloadEvery;
    this.builders = builders;
  }

  /** A new snapshot to replace {@code current} (null on the first load). */
  Snapshot load(Snapshot current) throws IOException {
    boolean incremental =
        current != null
            && incrementalColumn != null
            && lastMark != null
            && reloadsSinceFull + 1 < fullReloadEvery;
    Object mark = incrementalColumn == null ? null : maxOf(incrementalColumn);
    Snapshot.Builder builder = builders.get();
    try {
      Snapshot next;
      if (incremental) {
        next = builder.update(current, loadChangedKeys(builder, lastMark));
        reloadsSinceFull++;
      } else {
        loadAll(builder);
        next = builder.build();
        reloadsSinceFull = 0;
      }
      lastMark = mark;
      return next;
    } catch (IOException | RuntimeException e) {
      builder.abort();
      throw e;
    }
  }

  private Object maxOf(String column) throws IOException {
    return table.queryValue(
        "SELECT MAX(" + table.dialect().quote(column) + ") FROM " + table.quotedTable());
  }

  private void loadAll(Snapshot.Builder builder) throws IOException {
    RowConverter converter = table.converter();
    List<Range> ranges = ranges();
    if (ranges.size() == 1) {
      scan(builder, converter, ranges.get(0), new AtomicBoolean());
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(ranges.size());
    AtomicBoolean stop = new AtomicBoolean();
    try {
      List<Future<?>> scans = new ArrayList<>();
      for (Range range : ranges) {
        scans.add(
            pool.submit(
                () -> {
                  scan(builder, converter, range, stop);
                  return null;
                }));
      }
      for (Future<?> scan : scans) {
        try {
          scan.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("Interrupted while loading " + table.tableName(), e);
        }
      }
    } finally {
      // On failure the other scans stop at their next row. The builder is aborted only after all
      // of them have returned, never while one still writes into it.
      stop.set(true);
      pool.shutdown();
      awaitQuietly(pool);
    }
  }

  private static void awaitQuietly(ExecutorService pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true; // keep waiting: a scan still running may write into the builder
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void scan(
      Snapshot.Builder builder, RowConverter converter, Range range, AtomicBoolean stop)
      throws IOException {
    table.scan(
        range.where,
        range.params,
        row -> {
          if (stop.get()) {
            throw new IOException("Load of " + table.tableName() + " stopped");
          }
          GenericRowData key = converter.keyOf(row);
          if (!converter.keyHasNull(key)) {
            builder.add(key, row);
          }
        });
  }

  private record Range(String where, List<Object> params) {}

  /** Splits the first integer key column's [min, max] into equal ranges; else one full scan. */
  private List<Range> ranges() throws IOException {
    if (splitColumn == null || scanParallelism <= 1) {
      return List.of(new Range("", List.of()));
    }
    String column = table.dialect().quote(splitColumn);
    Object min = table.queryValue("SELECT MIN(" + column + ") FROM " + table.quotedTable());
    Object max = table.queryValue("SELECT MAX(" + column + ") FROM " + table.quotedTable());
    if (!(min instanceof Number lo) || !(max instanceof Number hi)) {
      return List.of(new Range("", List.of()));
    }
    long from = lo.longValue();
    long to = hi.longValue();
    long span = Math.max(1, (to - from + scanParallelism) / scanParallelism);
    List<Range> ranges = new ArrayList<>();
    for (long start = from; start <= to; start += span) {
      long end = Math.min(to, start + span - 1);
      ranges.add(new Range(column + " BETWEEN ? AND ?", List.of(start, end)));
      if (end == to) {
        break;
      }
    }
    return ranges;
  }

  /** Adds the current rows of every key changed since {@code since}; returns those keys. */
  private List<RowData> loadChangedKeys(Snapshot.Builder builder, Object since) throws IOException {
    RowConverter converter = table.converter();
    Set<RowData> changed = new LinkedHashSet<>();
    table.scan(
        table.dialect().quote(incrementalColumn) + " > ?",
        List.of(since),
        row -> changed.add(converter.keyOf(row)));
    List<RowData> keys = new ArrayList<>(changed);
    for (int i = 0; i < keys.size(); i += INCREMENTAL_BATCH) {
      List<RowData> chunk = keys.subList(i, Math.min(keys.size(), i + INCREMENTAL_BATCH));
      Map<RowData, List<RowData>> rows = table.lookupBatch(chunk);
      for (RowData key : chunk) {
        for (RowData row : rows.getOrDefault(key, List.of())) {
          builder.add((GenericRowData) key, (GenericRowData) row);
        }
      }
    }
    return keys;
  }

  static Path defaultRocksDbDir() {
    return Path.of(System.getProperty("java.io.tmpdir"), "streamkit-dimension");
  }
}
