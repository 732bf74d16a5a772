package io.streamkit.dimension;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.streamkit.jdbc.DriverDataSource;
import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dimension table in the database as the lookup functions see it: a small connection pool and
 * the three queries they need (by key, by a batch of keys, a scan), each retried with backoff.
 * Created on the client, serialized into the job, opened in each parallel task.
 */
final class JdbcDimensionTable implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(JdbcDimensionTable.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final String url;
  private final String username;
  private final String password;
  private final String tableName; // as the user wrote it, for messages
  private final List<String> tablePath; // as the database stores it, resolved at planning
  private final JdbcDialect dialect;
  private final List<String> columns; // database column names, resolved at planning
  private final List<String> keyColumns;
  private final RowConverter converter;
  private final int poolSize;
  private final Duration connectionTimeout;
  private final Duration queryTimeout;
  private final int maxRetries;
  private final Duration retryBackoff;

  private transient HikariDataSource dataSource;
  private transient String byKeySql;

  /**
   * Each lookup thread (the task thread, or an async worker) keeps one connection with its prepared
   * statements, so the database plans each query shape once instead of once per lookup.
   */
  private transient ThreadLocal<Session> sessions;

  private transient java.util.Set<Session> openSessions;

  private static final class Session {
    final Connection connection;
    final Map<String, PreparedStatement> statements = new HashMap<>();

    Session(Connection connection) {
      this.connection = connection;
    }

    PreparedStatement prepare(String sql, int timeoutSeconds) throws SQLException {
      PreparedStatement ps = statements.get(sql);
      if (ps == null) {
        ps = connection.prepareStatement(sql);
        ps.setQueryTimeout(timeoutSeconds);
        statements.put(sql, ps);
      }
      return ps;
    }

    void close() {
      try {
        connection.close(); // closes its statements too
      } catch (SQLException ignored) {
        // the connection is broken already; the pool replaces it
      }
    }
  }

  JdbcDimensionTable(
      String url,
      String username,
      String password,
      String tableName,
      SchemaCheck.Resolved resolved,
      List<Integer> keyIndexes,
      RowConverter converter,
      int poolSize,
      Duration connectionTimeout,
      Duration queryTimeout,
      int maxRetries,
      Duration retryBackoff) {
    this.url = url;
    this.username = username;
    this.password = password;
    this.tableName = tableName;
    this.tablePath = List.copyOf(resolved.tablePath());
    this.dialect = JdbcDialect.fromUrl(url);
    this.columns = List.copyOf(resolved.columns());
    this.keyColumns = List.copyOf(keyIndexes.stream().map(this.columns::get).toList());
    this.converter = converter;
    this.poolSize = poolSize;
    this.connectionTimeout = connectionTimeout;
    this.queryTimeout = queryTimeout;
    this.maxRetries = maxRetries;
    this.retryBackoff = retryBackoff;
  }

  RowConverter converter() {
    return converter;
  }

  String tableName() {
    return tableName;
  }

  /** The table, quoted as the database stores its name. */
  String quotedTable() {
    return dialect.quoteTable(tablePath);
  }

  /** The database's name of column {@code index} (in the declared order). */
  String column(int index) {
    return columns.get(index);
  }

  void open() {
    HikariConfig config = new HikariConfig();
    config.setPoolName("streamkit-jdbc-" + tableName);
    // The driver's own connect timeout, not DriverManager's JVM-wide one (DriverDataSource says
    // why).
    config.setDataSource(
        new DriverDataSource(
            url,
            username,
            password,
            connectionTimeout,
            JdbcDimensionTable.class.getClassLoader(),
            "'url' for streamkit-jdbc"));
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(Math.max(250, connectionTimeout.toMillis()));
    config.setValidationTimeout(Math.max(250, Math.min(5_000, connectionTimeout.toMillis())));
    config.setInitializationFailTimeout(-1); // connect lazily: the database may come later
    config.setReadOnly(true);
    dataSource = new HikariDataSource(config);
    byKeySql = select() + " WHERE " + dialect.keyEquals(keyColumns);
    sessions = new ThreadLocal<>();
    openSessions = java.util.concurrent.ConcurrentHashMap.newKeySet();
  }

  void close() {
    if (openSessions != null) {
      openSessions.forEach(Session::close);
      openSessions.clear();
    }
    if (dataSource != null) {
      dataSource.close();
      dataSource = null;
    }
  }

  private String select() {
    return "SELECT " + dialect.selectColumns(columns) + " FROM " + quotedTable();
  }

  /** All rows whose key columns equal {@code key}. */
  List<RowData> lookup(RowData key) throws IOException {
    if (converter.keyHasNull(key)) {
      return List.of(); // NULL never equals anything in a join
    }
    return withSession(
        "look up a key",
        session -> {
          PreparedStatement ps = session.prepare(byKeySql, queryTimeoutSeconds());
          converter.bindKey(ps, 1, key);
          List<RowData> rows = new ArrayList<>(1);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              rows.add(converter.read(rs));
            }
          }
          return rows;
        });
  }

  /**
   * The rows of each key in one {@code WHERE key IN (...)} query; keys without rows map to none.
   */
  Map<RowData, List<RowData>> lookupBatch(List<RowData> keys) throws IOException {
    List<RowData> queried = keys.stream().filter(k -> !converter.keyHasNull(k)).toList();
    Map<RowData, List<RowData>> result = new HashMap<>();
    keys.forEach(k -> result.put(k, new ArrayList<>(1)));
    if (queried.isEmpty()) {
      return result;
    }
    // Pad to a power of two by repeating the last key, so a connection needs at most
    // log2(max-batch-size) statement shapes and each is prepared once.
    int slots = Integer.highestOneBit(queried.size() - 1) << 1;
    int padded = Math.max(1, slots);
    String sql = select() + " WHERE " + dialect.keyIn(keyColumns, padded);
    return withSession(
        "look up " + queried.size() + " keys",
        session -> {
          Map<RowData, List<RowData>> rowsByKey = new HashMap<>(result);
          rowsByKey.replaceAll((k, v) -> new ArrayList<>(1));
          PreparedStatement ps = session.prepare(sql, queryTimeoutSeconds());
          int index = 1;
          for (int i = 0; i < padded; i++) {
            index = converter.bindKey(ps, index, queried.get(Math.min(i, queried.size() - 1)));
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              GenericRowData row = converter.read(rs);
              List<RowData> bucket = rowsByKey.get(converter.keyOf(row));
              if (bucket != null) {
                bucket.add(row);
              }
            }
          }
          return rowsByKey;
        });
  }

  @FunctionalInterface
  interface RowSink {
    void accept(GenericRowData row) throws IOException;
  }

  /**
   * Streams every row matching {@code where} (may be empty) to {@code sink}. Not retried here: rows
   * already delivered cannot be taken back, so a failed scan fails its whole load, which the caller
   * retries from scratch.
   */
  void scan(String where, List<Object> params, RowSink sink) throws IOException {
    String sql = select() + (where.isEmpty() ? "" : " WHERE " + where);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setFetchSize(1_000);
        for (int i = 0; i < params.size(); i++) {
          ps.setObject(i + 1, params.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sink.accept(converter.read(rs));
          }
        }
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IOException("Failed to scan " + tableName + ": " + e.getMessage(), e);
    }
  }

  int maxRetries() {
    return maxRetries;
  }

  Duration retryBackoff() {
    return retryBackoff;
  }

  /** Runs a query that returns one value, e.g. a MIN or MAX. */
  Object queryValue(String sql) throws IOException {
    return withRetries(
        "query " + tableName,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql);
              ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getObject(1) : null;
          }
        });
  }

  JdbcDialect dialect() {
    return dialect;
  }

  private int queryTimeoutSeconds() {
    return (int) Math.max(1, queryTimeout.toSeconds());
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  @FunctionalInterface
  private interface SessionWork<T> {
    T run(Session session) throws SQLException;
  }

  /** Runs {@code work} on this thread's session; a failure drops the session and retries. */
  private <T> T withSession(String action, SessionWork<T> work) throws IOException {
    return withRetries(
        action,
        () -> {
          Session session = sessions.get();
          if (session == null) {
            session = new Session(dataSource.getConnection());
            sessions.set(session);
            openSessions.add(session);
          }
          try {
            return work.run(session);
          } catch (SQLException | RuntimeException e) {
            sessions.remove();
            openSessions.remove(session);
            session.close();
            throw e;
          }
        });
  }

  @FunctionalInterface
  private interface Attempt<T> {
    T run() throws SQLException;
  }

  private <T> T withRetries(String action, SqlWork<T> work) throws IOException {
    return withRetries(
        action,
        () -> {
          try (Connection c = dataSource.getConnection()) {
            return work.run(c);
          }
        });
  }

  private <T> T withRetries(String action, Attempt<T> attempt) throws IOException {
    long backoff = retryBackoff.toMillis();
    for (int tries = 0; ; tries++) {
      try {
        return attempt.run();
      } catch (SQLException e) {
        if (tries >= maxRetries) {
          throw new IOException(
              String.format(
                  "Failed to %s in %s after %d attempts: %s",
                  action, tableName, tries + 1, e.getMessage()),
              e);
        }
        LOG.warn(
            "Failed to {} in {} (attempt {} of {}), retrying in {} ms: {}",
            action,
            tableName,
            tries + 1,
            maxRetries + 1,
            backoff,
            e.getMessage());
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("Interrupted while retrying", ie);
        }
        backoff = Math.min(MAX_BACKOFF.toMillis(), backoff * 2);
      }
    }
  }
}
