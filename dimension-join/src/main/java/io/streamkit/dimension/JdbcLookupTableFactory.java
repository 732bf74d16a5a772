package io.streamkit.dimension;

import static io.streamkit.dimension.JdbcLookupOptions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.lookup.LookupOptions;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * {@code 'connector' = 'streamkit-jdbc'}: validates the options and the table, builds the source.
 */
public final class JdbcLookupTableFactory implements DynamicTableSourceFactory {

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(URL, TABLE_NAME);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(
        USERNAME,
        PASSWORD,
        POOL_MAX_SIZE,
        CONNECTION_TIMEOUT,
        QUERY_TIMEOUT,
        CACHE,
        RETRY_BACKOFF,
        ASYNC,
        ASYNC_BATCH_SIZE,
        FULL_CACHE_BACKEND,
        FULL_CACHE_SCAN_PARALLELISM,
        FULL_CACHE_INCREMENTAL_COLUMN,
        FULL_CACHE_INCREMENTAL_FULL_EVERY,
        FULL_CACHE_ROCKSDB_DIR,
        LookupOptions.MAX_RETRIES,
        PARTIAL_CACHE_MAX_ROWS,
        LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_WRITE,
        LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_ACCESS,
        LookupOptions.PARTIAL_CACHE_CACHE_MISSING_KEY,
        LookupOptions.FULL_CACHE_RELOAD_STRATEGY,
        FULL_CACHE_PERIODIC_RELOAD_INTERVAL,
        LookupOptions.FULL_CACHE_PERIODIC_RELOAD_SCHEDULE_MODE,
        LookupOptions.FULL_CACHE_TIMED_RELOAD_ISO_TIME,
        LookupOptions.FULL_CACHE_TIMED_RELOAD_INTERVAL_IN_DAYS);
  }

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    helper.validate();
    ReadableConfig options = helper.getOptions();
    String flinkTable = context.getObjectIdentifier().asSummaryString();
    CacheMode mode = CacheMode.parse(options.get(CACHE), flinkTable);
    String backend = options.get(FULL_CACHE_BACKEND).toLowerCase(Locale.ROOT);
    if (!backend.equals("heap") && !backend.equals("rocksdb")) {
      throw new ValidationException(
          "Unknown 'lookup.full-cache.backend' = '"
              + backend
              + "' for "
              + flinkTable
              + ". Use heap or rocksdb.");
    }
    try {
      JdbcDialect.fromUrl(options.get(URL));
    } catch (IllegalArgumentException e) {
      throw new ValidationException(e.getMessage() + " Table: " + flinkTable + ".");
    }

    ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
    List<String> columns = new ArrayList<>();
    List<LogicalType> types = new ArrayList<>();
    for (Column column : schema.getColumns()) {
      if (!column.isPhysical()) {
        continue;
      }
      LogicalType type = column.getDataType().getLogicalType();
      if (!RowConverter.isSupported(type)) {
        throw new ValidationException(
            String.format(
                "Column '%s' of %s has type %s, which streamkit-jdbc cannot read. Use a character,"
                    + " numeric, boolean, date/time or binary type.",
                column.getName(), flinkTable, type));
      }
      columns.add(column.getName());
      types.add(type);
    }
    List<String> checked = new ArrayList<>(columns);
    options.getOptional(FULL_CACHE_INCREMENTAL_COLUMN).ifPresent(checked::add);
    SchemaCheck.Resolved resolved =
        SchemaCheck.check(
            options.get(URL),
            options.getOptional(USERNAME).orElse(null),
            options.getOptional(PASSWORD).orElse(null),
            options.get(TABLE_NAME),
            checked,
            options.get(CONNECTION_TIMEOUT),
            flinkTable);
    List<String> databaseColumns = resolved.columns();
    return new JdbcLookupTableSource(
        flinkTable,
        options,
        mode,
        columns,
        types,
        new SchemaCheck.Resolved(resolved.tablePath(), databaseColumns.subList(0, columns.size())),
        databaseColumns.size() > columns.size() ? databaseColumns.get(columns.size()) : null);
  }
}
