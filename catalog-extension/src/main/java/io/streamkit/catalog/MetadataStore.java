package io.streamkit.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.table.catalog.exceptions.CatalogException;

/**
 * The metadata database: a small connection pool, the schema migrations, and transactions. Every
 * change the catalog makes runs in one transaction through {@link #write}, so a failure leaves no
 * half-written metadata.
 */
final class MetadataStore implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final String description;

  private MetadataStore(HikariDataSource dataSource, Dialect dialect, String description) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.description = description;
  }

  /** Connects, failing within the connection timeout, and brings the schema up to date. */
  static MetadataStore open(JdbcSettings settings, ClassLoader classLoader) {
    return open(settings, classLoader, SchemaMigrator.LATEST);
  }

  /** Connects and migrates the schema to {@code schemaVersion} (lower only in upgrade tests). */
  static MetadataStore open(JdbcSettings settings, ClassLoader classLoader, int schemaVersion) {
    Dialect dialect = Dialect.fromUrl(settings.url());
    String driver = dialect.driverClass(settings.url(), classLoader);
    HikariConfig config = new HikariConfig();
    config.setPoolName("streamkit-catalog");
    config.setDriverClassName(driver);
    config.setJdbcUrl(dialect.driverUrl(settings.url(), driver));
    if (settings.username() != null) {
      config.setUsername(settings.username());
    }
    if (settings.password() != null) {
      config.setPassword(settings.password());
    }
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setMinimumIdle(1);
    config.setConnectionTimeout(Math.max(250, settings.connectionTimeout().toMillis()));
    config.setValidationTimeout(Math.max(250, settings.connectionTimeout().toMillis() / 2));
    config.setInitializationFailTimeout(Math.max(1, settings.connectionTimeout().toMillis()));
    config.setAutoCommit(true);
    String description =
        "catalog database "
            + settings.redactedUrl()
            + (settings.username() == null ? "" : " as user '" + settings.username() + "'");
    HikariDataSource dataSource;
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try {
      Thread.currentThread().setContextClassLoader(classLoader);
      dataSource = new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException | IllegalArgumentException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new CatalogException(
          "Cannot connect to the "
              + description
              + " within "
              + settings.connectionTimeout().toMillis()
              + " ms: "
              + cause.getMessage()
              + ". Check the catalog's 'url', 'username' and 'password' and that the database is"
              + " running and reachable.",
          cause);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
    MetadataStore store = new MetadataStore(dataSource, dialect, description);
    try {
      new SchemaMigrator(store).migrate(schemaVersion);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  Dialect dialect() {
    return dialect;
  }

  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Runs {@code work} on an auto-commit connection. */
  <T> T read(String action, SqlWork<T> work) {
    try {
      return retryingBrokenConnection(
          () -> {
            try (Connection c = dataSource.getConnection()) {
              return work.run(c);
            }
          });
    } catch (SQLException e) {
      throw failure(action, e);
    }
  }

  /** Runs {@code work} in one transaction: all of it is committed, or none of it. */
  <T> T write(String action, SqlWork<T> work) throws SQLException {
    return retryingBrokenConnection(() -> transaction(work));
  }

  @FunctionalInterface
  private interface Attempt<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code attempt} once more on a fresh connection when the pooled one turns out to be dead,
   * as after a database restart. Only connection failures (SQLState class 08) are retried.
   */
  private <T> T retryingBrokenConnection(Attempt<T> attempt) throws SQLException {
    try {
      return attempt.run();
    } catch (SQLException e) {
      if (e.getSQLState() == null || !e.getSQLState().startsWith("08")) {
        throw e;
      }
      dataSource.getHikariPoolMXBean().softEvictConnections();
      return attempt.run();
    }
  }

  private <T> T transaction(SqlWork<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /** Like {@link #write} for callers that have nothing to map from a {@link SQLException}. */
  <T> T writeOrFail(String action, SqlWork<T> work) {
    try {
      return write(action, work);
    } catch (SQLException e) {
      throw failure(action, e);
    }
  }

  CatalogException failure(String action, SQLException e) {
    return new CatalogException(
        "Failed to " + action + " in the " + description + ": " + e.getMessage(), e);
  }

  static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, params)) {
      return ps.executeUpdate();
    }
  }

  static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, params);
        ResultSet rs = ps.executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(mapper.map(rs));
      }
      return rows;
    }
  }

  static <T> Optional<T> queryOne(Connection c, String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    List<T> rows = query(c, sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... params)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
    return ps;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
