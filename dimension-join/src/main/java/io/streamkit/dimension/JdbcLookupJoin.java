package io.streamkit.dimension;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.JoinFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.connector.source.lookup.LookupOptions;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.RowRowConverter;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.types.Row;

/**
 * Dimension-table joins for DataStream (jar) jobs, with the same batched asynchronous lookups and
 * optional Caffeine cache as the SQL connector:
 *
 * <pre>{@code
 * JdbcLookupJoin<Order, EnrichedOrder> join =
 *     JdbcLookupJoin.builder()
 *         .url("jdbc:mysql://db:3306/dw").tableName("dim_city").username("flink").password("...")
 *         .column("id", DataTypes.INT()).column("name", DataTypes.STRING())
 *         .lookupKeys("id")
 *         .partialCache(100_000, Duration.ofMinutes(10))
 *         .build(order -> Row.of(order.cityId), (order, city) -> new EnrichedOrder(order, city),
 *             TypeInformation.of(EnrichedOrder.class));
 * DataStream<EnrichedOrder> enriched =
 *     AsyncDataStream.unorderedWait(orders, join, 30, TimeUnit.SECONDS, 1000);
 * }</pre>
 *
 * The join function is called once per matching row; with {@link Builder#leftOuter()} also once
 * with {@code null} for an input without matches.
 */
public final class JdbcLookupJoin<IN, OUT> extends RichAsyncFunction<IN, OUT>
    implements ResultTypeQueryable<OUT> {
  private static final long serialVersionUID = 1L;

  private final JdbcDimensionTable table;
  private final DataType keyType;
  private final DataType rowType;
  private final KeySelector<IN, Row> key;
  private final JoinFunction<IN, Row, OUT> join;
  private final int workers;
  private final int maxBatchSize;
  private final long cacheRows;
  private final Duration cacheTtl;
  private final boolean leftOuter;
  private final TypeInformation<OUT> outputType;

  private transient AsyncJdbcLookupFunction lookup;
  private transient RowRowConverter keyConverter;
  private transient RowRowConverter rowConverter;
  private transient Cache<RowData, Collection<RowData>> cache;

  private JdbcLookupJoin(
      Builder b,
      KeySelector<IN, Row> key,
      JoinFunction<IN, Row, OUT> join,
      TypeInformation<OUT> outputType) {
    List<LogicalType> types = b.types.stream().map(DataType::getLogicalType).toList();
    int[] keyIndexes = b.lookupKeys.stream().mapToInt(b.columns::indexOf).toArray();
    List<DataTypes.Field> keyFields = new ArrayList<>();
    for (int i : keyIndexes) {
      keyFields.add(DataTypes.FIELD(b.columns.get(i), b.types.get(i)));
    }
    List<DataTypes.Field> rowFields = new ArrayList<>();
    for (int i = 0; i < b.columns.size(); i++) {
      rowFields.add(DataTypes.FIELD(b.columns.get(i), b.types.get(i)));
    }
    this.table =
        new JdbcDimensionTable(
            b.url,
            b.username,
            b.password,
            b.tableName,
            b.resolved,
            b.lookupKeys.stream().map(b.columns::indexOf).toList(),
            new RowConverter(types, keyIndexes),
            b.poolSize,
            b.connectionTimeout,
            b.queryTimeout,
            b.maxRetries,
            b.retryBackoff);
    this.keyType = DataTypes.ROW(keyFields);
    this.rowType = DataTypes.ROW(rowFields);
    this.key = key;
    this.join = join;
    this.workers = b.poolSize;
    this.maxBatchSize = b.maxBatchSize;
    this.cacheRows = b.cacheRows;
    this.cacheTtl = b.cacheTtl;
    this.leftOuter = b.leftOuter;
    this.outputType = outputType;
  }

  @Override
  public TypeInformation<OUT> getProducedType() {
    return outputType;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    lookup = new AsyncJdbcLookupFunction(table, workers, maxBatchSize);
    lookup.open(new FunctionContext(getRuntimeContext()));
    ClassLoader classLoader = getRuntimeContext().getUserCodeClassLoader();
    keyConverter = RowRowConverter.create(keyType);
    keyConverter.open(classLoader);
    rowConverter = RowRowConverter.create(rowType);
    rowConverter.open(classLoader);
    if (cacheRows > 0) {
      Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(cacheRows);
      if (cacheTtl != null) {
        builder.expireAfterWrite(cacheTtl);
      }
      cache = builder.build();
    }
  }

  @Override
  public void asyncInvoke(IN input, ResultFuture<OUT> result) throws Exception {
    RowData lookupKey = keyConverter.toInternal(key.getKey(input));
    Collection<RowData> cached = cache == null ? null : cache.getIfPresent(lookupKey);
    if (cached != null) {
      complete(input, cached, result);
      return;
    }
    lookup
        .asyncLookup(lookupKey)
        .whenComplete(
            (rows, error) -> {
              if (error != null) {
                result.completeExceptionally(error);
                return;
              }
              if (cache != null) {
                cache.put(lookupKey, List.copyOf(rows));
              }
              complete(input, rows, result);
            });
  }

  private void complete(IN input, Collection<RowData> rows, ResultFuture<OUT> result) {
    try {
      List<OUT> out = new ArrayList<>(Math.max(1, rows.size()));
      for (RowData row : rows) {
        out.add(join.join(input, rowConverter.toExternal(row)));
      }
      if (rows.isEmpty() && leftOuter) {
        out.add(join.join(input, null));
      }
      result.complete(out);
    } catch (Exception e) {
      result.completeExceptionally(e);
    }
  }

  @Override
  public void close() throws Exception {
    if (lookup != null) {
      lookup.close();
    }
  }

  /**
   * Settings of a {@link JdbcLookupJoin}; the defaults are the SQL connector's, read from {@link
   * JdbcLookupOptions} and Flink's {@link LookupOptions} (docs/dimension-join.md).
   */
  public static final class Builder {
    private String url;
    private String tableName;
    private String username;
    private String password;
    private final List<String> columns = new ArrayList<>();
    private final List<DataType> types = new ArrayList<>();
    private List<String> lookupKeys = List.of();
    private int poolSize = JdbcLookupOptions.POOL_MAX_SIZE.defaultValue();
    private int maxBatchSize = JdbcLookupOptions.ASYNC_BATCH_SIZE.defaultValue();
    private Duration connectionTimeout = JdbcLookupOptions.CONNECTION_TIMEOUT.defaultValue();
    private Duration queryTimeout = JdbcLookupOptions.QUERY_TIMEOUT.defaultValue();
    private int maxRetries = LookupOptions.MAX_RETRIES.defaultValue();
    private Duration retryBackoff = JdbcLookupOptions.RETRY_BACKOFF.defaultValue();
    private long cacheRows;
    private Duration cacheTtl;
    private boolean leftOuter;
    private SchemaCheck.Resolved resolved;

    private Builder() {}

    public Builder url(String url) {
      this.url = url;
      return this;
    }

    public Builder tableName(String tableName) {
      this.tableName = tableName;
      return this;
    }

    public Builder username(String username) {
      this.username = username;
      return this;
    }

    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** A column to read, in order; its type must be one the SQL connector supports. */
    public Builder column(String name, DataType type) {
      if (!RowConverter.isSupported(type.getLogicalType())) {
        throw new IllegalArgumentException("Column '" + name + "' has unsupported type " + type);
      }
      columns.add(name);
      types.add(type);
      return this;
    }

    /** The columns the key selector's row holds, in the same order. */
    public Builder lookupKeys(String... keys) {
      this.lookupKeys = List.of(keys);
      return this;
    }

    public Builder connectionPoolSize(int size) {
      this.poolSize = size;
      return this;
    }

    public Builder maxBatchSize(int size) {
      this.maxBatchSize = size;
      return this;
    }

    public Builder maxRetries(int retries, Duration firstBackoff) {
      this.maxRetries = retries;
      this.retryBackoff = firstBackoff;
      return this;
    }

    public Builder partialCache(long maxRows, Duration expireAfterWrite) {
      this.cacheRows = maxRows;
      this.cacheTtl = expireAfterWrite;
      return this;
    }

    /** Also emit inputs without a match, joined with {@code null}. */
    public Builder leftOuter() {
      this.leftOuter = true;
      return this;
    }

    /**
     * @param key the lookup key of an input, as a row of the {@link #lookupKeys} columns
     * @param join combines an input with one matching dimension row (or null, see leftOuter)
     * @param outputType the type of the join's results (lambdas erase it)
     */
    public <IN, OUT> JdbcLookupJoin<IN, OUT> build(
        KeySelector<IN, Row> key,
        JoinFunction<IN, Row, OUT> join,
        TypeInformation<OUT> outputType) {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(tableName, "tableName");
      if (lookupKeys.isEmpty() || !columns.containsAll(lookupKeys)) {
        throw new IllegalArgumentException(
            "lookupKeys " + lookupKeys + " must be declared columns " + columns);
      }
      resolved =
          SchemaCheck.check(
              url, username, password, tableName, columns, connectionTimeout, tableName);
      return new JdbcLookupJoin<>(this, key, join, outputType);
    }
  }
}
