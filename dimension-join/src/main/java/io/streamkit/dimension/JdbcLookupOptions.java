package io.streamkit.dimension;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.connector.source.lookup.LookupOptions;

/**
 * Options of {@code 'connector' = 'streamkit-jdbc'} that Flink does not define itself. The cache
 * options are Flink's own FLIP-221 keys ({@link LookupOptions}), except {@code lookup.cache}, which
 * also accepts the {@code ALL} and {@code LRU} aliases. Two of Flink's keys, which Flink leaves
 * without a default, are declared again here with the same key and type and the default the
 * connector uses: {@link #PARTIAL_CACHE_MAX_ROWS} and {@link #FULL_CACHE_PERIODIC_RELOAD_INTERVAL}.
 */
public final class JdbcLookupOptions {
  private JdbcLookupOptions() {}

  public static final String IDENTIFIER = "streamkit-jdbc";

  public static final ConfigOption<String> URL =
      ConfigOptions.key("url")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Required. JDBC URL: jdbc:mysql:..., jdbc:mariadb:..., jdbc:postgresql:... or"
                  + " jdbc:h2:.... For jdbc:mysql:, MySQL Connector/J is used when present, MariaDB"
                  + " Connector/J otherwise.");

  public static final ConfigOption<String> TABLE_NAME =
      ConfigOptions.key("table-name")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Required. The dimension table in the database, optionally schema.table.");

  public static final ConfigOption<String> USERNAME =
      ConfigOptions.key("username")
          .stringType()
          .noDefaultValue()
          .withDescription("Database user; unset, the driver's default.");

  public static final ConfigOption<String> PASSWORD =
      ConfigOptions.key("password")
          .stringType()
          .noDefaultValue()
          .withDescription("Database password; never logged or shown in errors.");

  public static final ConfigOption<Integer> POOL_MAX_SIZE =
      ConfigOptions.key("connection.pool.max-size")
          .intType()
          .defaultValue(4)
          .withDescription(
              "Connections per parallel lookup task; also the number of async workers, so it bounds"
                  + " the concurrent queries of async lookups.");

  public static final ConfigOption<Duration> CONNECTION_TIMEOUT =
      ConfigOptions.key("connection.timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription(
              "How long to wait for a connection, at planning time and in the job: the pool's wait"
                  + " and the driver's own connect timeout.");

  public static final ConfigOption<Duration> QUERY_TIMEOUT =
      ConfigOptions.key("lookup.query-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription("Timeout of one lookup or full-load query.");

  public static final ConfigOption<String> CACHE =
      ConfigOptions.key("lookup.cache")
          .stringType()
          .defaultValue("NONE")
          .withDescription(
              "NONE (every lookup queries the database), PARTIAL (LRU cache of looked-up keys; alias"
                  + " LRU) or FULL (the whole table in memory or RocksDB, reloaded; alias ALL).");

  public static final ConfigOption<Duration> RETRY_BACKOFF =
      ConfigOptions.key("lookup.retry.backoff")
          .durationType()
          .defaultValue(Duration.ofMillis(100))
          .withDescription(
              "Wait before the first retry of a failed lookup; doubled for each further retry (at"
                  + " most 10 s). The number of retries is lookup.max-retries.");

  public static final ConfigOption<Boolean> ASYNC =
      ConfigOptions.key("lookup.async")
          .booleanType()
          .noDefaultValue()
          .withDescription(
              "Look up asynchronously: concurrent keys are batched into one WHERE key IN (...) query"
                  + " per connection. Applies to NONE and PARTIAL caches. Unset, both are offered and"
                  + " Flink's planner chooses: asynchronous unless the plan needs a synchronous"
                  + " lookup or a LOOKUP('table'='d', 'async'='false') hint asks for one; true or"
                  + " false forces one.");

  public static final ConfigOption<Integer> ASYNC_BATCH_SIZE =
      ConfigOptions.key("lookup.async.max-batch-size")
          .intType()
          .defaultValue(128)
          .withDescription("Most keys in one batched async lookup query.");

  public static final ConfigOption<String> FULL_CACHE_BACKEND =
      ConfigOptions.key("lookup.full-cache.backend")
          .stringType()
          .defaultValue("heap")
          .withDescription(
              "Where a FULL cache keeps the table: heap, or rocksdb for tables larger than the heap"
                  + " (in the TaskManager's local working directory).");

  public static final ConfigOption<Integer> FULL_CACHE_SCAN_PARALLELISM =
      ConfigOptions.key("lookup.full-cache.scan.parallelism")
          .intType()
          .defaultValue(4)
          .withDescription(
              "Parallel range scans that load a FULL cache, split on the first integer lookup key"
                  + " column; 1 loads with one query.");

  public static final ConfigOption<String> FULL_CACHE_INCREMENTAL_COLUMN =
      ConfigOptions.key("lookup.full-cache.incremental-column")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "A column that grows whenever a row changes (e.g. update_time). When set, reloads fetch"
                  + " only rows with a greater value than the last load and merge them in; rows"
                  + " deleted in the database stay until the next full reload, which runs every"
                  + " lookup.full-cache.incremental.full-reload-every reloads.");

  public static final ConfigOption<Integer> FULL_CACHE_INCREMENTAL_FULL_EVERY =
      ConfigOptions.key("lookup.full-cache.incremental.full-reload-every")
          .intType()
          .defaultValue(24)
          .withDescription("With an incremental column: every n-th reload is a full one.");

  public static final ConfigOption<String> FULL_CACHE_ROCKSDB_DIR =
      ConfigOptions.key("lookup.full-cache.rocksdb.dir")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Local directory for rocksdb full caches; unset, streamkit-dimension under the JVM's"
                  + " java.io.tmpdir (Flink's TaskManager working directory).");

  /** Flink's {@link LookupOptions#PARTIAL_CACHE_MAX_ROWS}, with the default the connector uses. */
  public static final ConfigOption<Long> PARTIAL_CACHE_MAX_ROWS =
      ConfigOptions.key(LookupOptions.PARTIAL_CACHE_MAX_ROWS.key())
          .longType()
          .defaultValue(10_000L)
          .withDescription(
              "Most rows a PARTIAL cache keeps (Flink's key, which has no default in Flink).");

  /**
   * Flink's {@link LookupOptions#FULL_CACHE_PERIODIC_RELOAD_INTERVAL}, with the default the
   * connector uses.
   */
  public static final ConfigOption<Duration> FULL_CACHE_PERIODIC_RELOAD_INTERVAL =
      ConfigOptions.key(LookupOptions.FULL_CACHE_PERIODIC_RELOAD_INTERVAL.key())
          .durationType()
          .defaultValue(Duration.ofHours(1))
          .withDescription(
              "Time between reloads of a FULL cache with the PERIODIC reload strategy (Flink's key,"
                  + " which has no default in Flink).");
}
