package io.streamkit.dimension;

import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.connector.source.lookup.cache.trigger.CacheReloadTrigger;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FULL cache: lookups read the current snapshot in memory (or RocksDB) and never wait for the
 * database. {@code open()} loads the table once; reloads, fired by the {@link ReloadSchedule}
 * (PERIODIC, TIMED) from one interval later on, build a new snapshot in the background and swap it
 * in atomically. A failed reload keeps the last good snapshot, counts a failure and logs it; the
 * job goes on.
 */
// Public because Flink's planner accepts only public function classes.
public final class FullCacheLookupFunction extends LookupFunction {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(FullCacheLookupFunction.class);

  private final JdbcDimensionTable table;
  private final SnapshotLoader loader;
  private final CacheReloadTrigger trigger;

  private transient volatile Snapshot current;
  private transient volatile long loadedAt;
  private transient ReentrantReadWriteLock swapLock;
  private transient ExecutorService reloader;
  private transient Counter hits;
  private transient Counter misses;
  private transient Counter loads;
  private transient Counter loadFailures;
  private transient volatile long latestLoadMillis;

  FullCacheLookupFunction(
      JdbcDimensionTable table, SnapshotLoader loader, CacheReloadTrigger trigger) {
    this.table = table;
    this.loader = loader;
    this.trigger = trigger;
  }

  @Override
  public void open(FunctionContext context) throws Exception {
    MetricGroup metrics = context.getMetricGroup().addGroup("cache");
    hits = metrics.counter("hitCount");
    misses = metrics.counter("missCount");
    loads = metrics.counter("loadCount");
    loadFailures = metrics.counter("numLoadFailures");
    metrics.gauge("latestLoadTime", () -> latestLoadMillis);
    metrics.gauge("numCachedRecords", () -> current == null ? 0L : current.rows());
    metrics.gauge("lastLoadTimestamp", () -> loadedAt);

    swapLock = new ReentrantReadWriteLock();
    table.open();
    long start = System.nanoTime();
    current = firstLoad();
    finishedLoad(start);
    reloader =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "streamkit-jdbc-reload-" + table.tableName());
              t.setDaemon(true);
              return t;
            });
    trigger.open(
        new CacheReloadTrigger.Context() {
          @Override
          public long currentProcessingTime() {
            return System.currentTimeMillis();
          }

          @Override
          public long currentWatermark() {
            return Long.MIN_VALUE;
          }

          @Override
          public CompletableFuture<Void> triggerReload() {
            return CompletableFuture.runAsync(FullCacheLookupFunction.this::reload, reloader);
          }
        });
  }

  /** With no snapshot to serve yet, retry the load; if it keeps failing, fail the task. */
  private Snapshot firstLoad() throws Exception {
    long backoff = table.retryBackoff().toMillis();
    for (int attempt = 0; ; attempt++) {
      try {
        return loader.load(null);
      } catch (java.io.IOException e) {
        loadFailures.inc();
        if (attempt >= table.maxRetries()) {
          throw e;
        }
        LOG.warn(
            "Loading the full cache of {} failed, retrying in {} ms: {}",
            table.tableName(),
            backoff,
            e.getMessage());
        Thread.sleep(backoff);
        backoff = Math.min(10_000, backoff * 2);
      }
    }
  }

  private void finishedLoad(long startNanos) {
    latestLoadMillis = (System.nanoTime() - startNanos) / 1_000_000;
    loadedAt = System.currentTimeMillis();
    loads.inc();
    LOG.info(
        "Loaded {} rows of {} into the full cache in {} ms",
        current.rows(),
        table.tableName(),
        latestLoadMillis);
  }

  /** Builds the next snapshot; on failure the current one stays. Runs on the reload thread. */
  void reload() {
    long start = System.nanoTime();
    Snapshot next;
    try {
      next = loader.load(current);
    } catch (Throwable t) {
      loadFailures.inc();
      LOG.warn(
          "Reloading the full cache of {} failed; lookups keep using the snapshot loaded at {}"
              + " ({} rows). Cause: {}",
          table.tableName(),
          Instant.ofEpochMilli(loadedAt),
          current.rows(),
          t.getMessage());
      return;
    }
    Snapshot old;
    swapLock.writeLock().lock();
    try {
      old = current;
      current = next;
    } finally {
      swapLock.writeLock().unlock();
    }
    if (old != next) {
      old.close();
    }
    finishedLoad(start);
  }

  @Override
  public Collection<RowData> lookup(RowData key) throws java.io.IOException {
    swapLock.readLock().lock();
    try {
      Collection<RowData> rows = current.get(key);
      (rows.isEmpty() ? misses : hits).inc();
      return rows;
    } finally {
      swapLock.readLock().unlock();
    }
  }

  @Override
  public void close() throws Exception {
    if (trigger != null) {
      trigger.close();
    }
    if (reloader != null) {
      reloader.shutdownNow();
      reloader.awaitTermination(30, TimeUnit.SECONDS);
    }
    if (current != null) {
      current.close();
      current = null;
    }
    table.close();
  }
}
