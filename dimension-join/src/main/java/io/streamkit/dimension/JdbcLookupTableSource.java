package io.streamkit.dimension;

import static io.streamkit.dimension.JdbcLookupOptions.ASYNC;
import static io.streamkit.dimension.JdbcLookupOptions.ASYNC_BATCH_SIZE;
import static io.streamkit.dimension.JdbcLookupOptions.CONNECTION_TIMEOUT;
import static io.streamkit.dimension.JdbcLookupOptions.FULL_CACHE_BACKEND;
import static io.streamkit.dimension.JdbcLookupOptions.FULL_CACHE_INCREMENTAL_FULL_EVERY;
import static io.streamkit.dimension.JdbcLookupOptions.FULL_CACHE_PERIODIC_RELOAD_INTERVAL;
import static io.streamkit.dimension.JdbcLookupOptions.FULL_CACHE_ROCKSDB_DIR;
import static io.streamkit.dimension.JdbcLookupOptions.FULL_CACHE_SCAN_PARALLELISM;
import static io.streamkit.dimension.JdbcLookupOptions.PARTIAL_CACHE_MAX_ROWS;
import static io.streamkit.dimension.JdbcLookupOptions.PASSWORD;
import static io.streamkit.dimension.JdbcLookupOptions.POOL_MAX_SIZE;
import static io.streamkit.dimension.JdbcLookupOptions.QUERY_TIMEOUT;
import static io.streamkit.dimension.JdbcLookupOptions.RETRY_BACKOFF;
import static io.streamkit.dimension.JdbcLookupOptions.TABLE_NAME;
import static io.streamkit.dimension.JdbcLookupOptions.URL;
import static io.streamkit.dimension.JdbcLookupOptions.USERNAME;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.lookup.AsyncLookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.LookupOptions;
import org.apache.flink.table.connector.source.lookup.PartialCachingAsyncLookupProvider;
import org.apache.flink.table.connector.source.lookup.PartialCachingLookupProvider;
import org.apache.flink.table.connector.source.lookup.cache.trigger.CacheReloadTrigger;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * The planning-time object of a {@code streamkit-jdbc} table: builds the lookup runtime per join.
 */
final class JdbcLookupTableSource implements LookupTableSource {
  private final String flinkTable;
  private final ReadableConfig options;
  private final CacheMode cacheMode;
  private final List<String> columns;
  private final List<LogicalType> types;
  private final SchemaCheck.Resolved resolved; // the database's names of the table and columns
  private final String incrementalColumn; // the database's name, or null

  JdbcLookupTableSource(
      String flinkTable,
      ReadableConfig options,
      CacheMode cacheMode,
      List<String> columns,
      List<LogicalType> types,
      SchemaCheck.Resolved resolved,
      String incrementalColumn) {
    this.flinkTable = flinkTable;
    this.options = options;
    this.cacheMode = cacheMode;
    this.columns = columns;
    this.types = types;
    this.resolved = resolved;
    this.incrementalColumn = incrementalColumn;
  }

  @Override
  public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
    int[][] keyPaths = context.getKeys();
    int[] keyIndexes = new int[keyPaths.length];
    List<Integer> keyColumns = new ArrayList<>();
    for (int i = 0; i < keyPaths.length; i++) {
      if (keyPaths[i].length != 1) {
        throw new ValidationException(
            "streamkit-jdbc looks up by top-level columns only; "
                + flinkTable
                + " is joined on a nested field.");
      }
      keyIndexes[i] = keyPaths[i][0];
      keyColumns.add(keyIndexes[i]);
    }
    RowConverter converter = new RowConverter(types, keyIndexes);
    JdbcDimensionTable table =
        new JdbcDimensionTable(
            options.get(URL),
            options.getOptional(USERNAME).orElse(null),
            options.getOptional(PASSWORD).orElse(null),
            options.get(TABLE_NAME),
            resolved,
            keyColumns,
            converter,
            options.get(POOL_MAX_SIZE),
            options.get(CONNECTION_TIMEOUT),
            options.get(QUERY_TIMEOUT),
            options.get(LookupOptions.MAX_RETRIES),
            options.get(RETRY_BACKOFF));
    // Unset: offer both and let the planner choose (async unless the plan or a hint needs sync).
    Boolean async = options.getOptional(ASYNC).orElse(null);
    switch (cacheMode) {
      case NONE:
        if (async == null) {
          return LookupProviders.both(new JdbcLookupFunction(table), asyncFunction(table));
        }
        return async
            ? AsyncLookupFunctionProvider.of(asyncFunction(table))
            : LookupFunctionProvider.of(new JdbcLookupFunction(table));
      case PARTIAL:
        CaffeineLookupCache cache =
            new CaffeineLookupCache(
                options.get(PARTIAL_CACHE_MAX_ROWS),
                options.getOptional(LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_WRITE).orElse(null),
                options.getOptional(LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_ACCESS).orElse(null),
                options.get(LookupOptions.PARTIAL_CACHE_CACHE_MISSING_KEY));
        if (async == null) {
          return LookupProviders.bothCaching(
              new JdbcLookupFunction(table), asyncFunction(table), cache);
        }
        return async
            ? PartialCachingAsyncLookupProvider.of(asyncFunction(table), cache)
            : PartialCachingLookupProvider.of(new JdbcLookupFunction(table), cache);
      case FULL:
      default:
        return LookupFunctionProvider.of(
            new FullCacheLookupFunction(table, loader(table, keyIndexes), reloadTrigger()));
    }
  }

  private AsyncJdbcLookupFunction asyncFunction(JdbcDimensionTable table) {
    return new AsyncJdbcLookupFunction(
        table, options.get(POOL_MAX_SIZE), options.get(ASYNC_BATCH_SIZE));
  }

  private SnapshotLoader loader(JdbcDimensionTable table, int[] keyIndexes) {
    LogicalTypeRoot firstKey = types.get(keyIndexes[0]).getTypeRoot();
    boolean integerKey =
        firstKey == LogicalTypeRoot.INTEGER
            || firstKey == LogicalTypeRoot.BIGINT
            || firstKey == LogicalTypeRoot.SMALLINT
            || firstKey == LogicalTypeRoot.TINYINT;
    String backend = options.get(FULL_CACHE_BACKEND).toLowerCase(Locale.ROOT);
    SnapshotLoader.SerializableSupplier<Snapshot.Builder> builders;
    if (backend.equals("rocksdb")) {
      String dir =
          options
              .getOptional(FULL_CACHE_ROCKSDB_DIR)
              .orElse(SnapshotLoader.defaultRocksDbDir().toString());
      LogicalType[] keyTypes = new LogicalType[keyIndexes.length];
      for (int i = 0; i < keyIndexes.length; i++) {
        keyTypes[i] = types.get(keyIndexes[i]);
      }
      LogicalType[] rowTypes = types.toArray(LogicalType[]::new);
      builders =
          () ->
              RocksDbSnapshot.builder(
                  java.nio.file.Path.of(dir), new RocksDbSnapshot.Codec(keyTypes, rowTypes));
    } else {
      builders = HeapSnapshot::builder;
    }
    return new SnapshotLoader(
        table,
        integerKey ? table.column(keyIndexes[0]) : null,
        options.get(FULL_CACHE_SCAN_PARALLELISM),
        incrementalColumn,
        options.get(FULL_CACHE_INCREMENTAL_FULL_EVERY),
        builders);
  }

  private CacheReloadTrigger reloadTrigger() {
    if (options.get(LookupOptions.FULL_CACHE_RELOAD_STRATEGY)
        == LookupOptions.ReloadStrategy.TIMED) {
      return ReloadSchedule.timed(options);
    }
    return ReloadSchedule.periodic(
        options.get(FULL_CACHE_PERIODIC_RELOAD_INTERVAL),
        options.get(LookupOptions.FULL_CACHE_PERIODIC_RELOAD_SCHEDULE_MODE));
  }

  @Override
  public DynamicTableSource copy() {
    return new JdbcLookupTableSource(
        flinkTable, options, cacheMode, columns, types, resolved, incrementalColumn);
  }

  @Override
  public String asSummaryString() {
    return "streamkit-jdbc(" + cacheMode + ")";
  }
}
