package io.streamkit.dimension;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.flink.metrics.groups.CacheMetricGroup;
import org.apache.flink.table.connector.source.lookup.cache.LookupCache;
import org.apache.flink.table.data.RowData;

/**
 * The PARTIAL cache: Caffeine, bounded in rows, with expire-after-write/-access. Flink's caching
 * lookup runner around it counts hits, misses, loads and load time; this reports the size.
 */
final class CaffeineLookupCache implements LookupCache {
  private static final long serialVersionUID = 1L;

  private final long maxRows;
  private final Duration expireAfterWrite;
  private final Duration expireAfterAccess;
  private final boolean cacheMissingKey;

  private transient Cache<RowData, Collection<RowData>> cache;

  CaffeineLookupCache(
      long maxRows,
      Duration expireAfterWrite,
      Duration expireAfterAccess,
      boolean cacheMissingKey) {
    this.maxRows = maxRows;
    this.expireAfterWrite = expireAfterWrite;
    this.expireAfterAccess = expireAfterAccess;
    this.cacheMissingKey = cacheMissingKey;
  }

  @Override
  public void open(CacheMetricGroup metricGroup) {
    // Maintenance on the calling (task) thread: no hand-off to the common pool per access.
    Caffeine<Object, Object> builder =
        Caffeine.newBuilder().maximumSize(maxRows).executor(Runnable::run);
    if (expireAfterWrite != null) {
      builder.expireAfterWrite(expireAfterWrite);
    }
    if (expireAfterAccess != null) {
      builder.expireAfterAccess(expireAfterAccess);
    }
    cache = builder.build();
    metricGroup.numCachedRecordsGauge(() -> cache.estimatedSize());
  }

  @Override
  public Collection<RowData> getIfPresent(RowData key) {
    return cache.getIfPresent(key);
  }

  @Override
  public Collection<RowData> put(RowData key, Collection<RowData> value) {
    if (value.isEmpty() && !cacheMissingKey) {
      return value;
    }
    cache.put(key, List.copyOf(value));
    return value;
  }

  @Override
  public void invalidate(RowData key) {
    cache.invalidate(key);
  }

  @Override
  public long size() {
    return cache.estimatedSize();
  }

  @Override
  public void close() {
    if (cache != null) {
      cache.invalidateAll();
    }
  }
}
