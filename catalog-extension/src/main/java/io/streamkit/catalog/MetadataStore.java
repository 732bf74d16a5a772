package io.streamkit.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.streamkit.jdbc.Database;
import io.streamkit.jdbc.DriverDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata database: a small connection pool, the schema migrations, and transactions. Every
 * change the catalog makes runs in one transaction through {@link #write}, so a failure leaves no
 * half-written metadata. A write whose connection breaks is retried once on a new connection, and
 * is applied exactly once even when only the reply to its {@code COMMIT} was lost (see {@link
 * AppliedOps}).
 */
final class MetadataStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataStore.class);

  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final String description;

  /** Whether the schema has {@code sk_applied_ops}, so writes carry a token. */
  private boolean tracked;

  /** Encryption of secret values at rest ({@link DataKeys}). */
  private DataKeys keys;

  private final AtomicLong nextPrune = new AtomicLong();

  private MetadataStore(HikariDataSource dataSource, Dialect dialect, String description) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.description = description;
  }

  /** Connects, failing within the connection timeout, and brings the schema up to date. */
  static MetadataStore open(JdbcSettings settings, ClassLoader classLoader) {
    return open(settings, null, new Secrets(List.of()), classLoader, SchemaMigrator.LATEST);
  }

  /**
   * Connects, brings the schema up to date and opens the data key with {@code masterKey} (null:
   * none configured), encrypting plain-text secrets (those {@code secrets} names) on the way.
   */
  static MetadataStore open(
      JdbcSettings settings, MasterKey masterKey, Secrets secrets, ClassLoader classLoader) {
    return open(settings, masterKey, secrets, classLoader, SchemaMigrator.LATEST);
  }

  /** Connects and migrates the schema to {@code schemaVersion} (lower only in upgrade tests). */
  static MetadataStore open(JdbcSettings settings, ClassLoader classLoader, int schemaVersion) {
    return open(settings, null, new Secrets(List.of()), classLoader, schemaVersion);
  }

  private static MetadataStore open(
      JdbcSettings settings,
      MasterKey masterKey,
      Secrets secrets,
      ClassLoader classLoader,
      int schemaVersion) {
    Dialect dialect = Dialect.of(Database.fromUrl(settings.url(), "catalog database URL"));
    HikariConfig config = new HikariConfig();
    config.setPoolName("streamkit-catalog");
    // The driver's own connect timeout, not DriverManager's JVM-wide one (DriverDataSource says
    // why).
    config.setDataSource(
        new DriverDataSource(
            settings.url(),
            settings.username(),
            settings.password(),
            settings.connectionTimeout(),
            classLoader,
            "catalog database URL"));
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
      int version = new SchemaMigrator(store).migrate(schemaVersion);
      store.tracked = version >= AppliedOps.SINCE_VERSION;
      store.keys =
          version >= DataKeys.SINCE_VERSION
              ? DataKeys.open(store, secrets, masterKey)
              : DataKeys.none(secrets);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  Dialect dialect() {
    return dialect;
  }

  /** Encrypts and decrypts the secret values this database stores. */
  DataKeys keys() {
    return keys;
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

  /**
   * Runs {@code work} in one transaction: all of it is committed, or none of it. When the
   * connection breaks (SQLState 08) the transaction runs once more on a new connection, unless the
   * first attempt turns out to have committed: then its result is returned, and {@code work} is not
   * applied twice.
   */
  <T> T write(String action, SqlWork<T> work) throws SQLException {
    String token = tracked ? UUID.randomUUID().toString() : null;
    Reached<T> reached = new Reached<>();
    T result = retryingBrokenConnection(() -> transaction(token, work, reached));
    if (tracked) {
      pruneIfDue();
    }
    return result;
  }

  /** The result of the last attempt that got as far as sending its {@code COMMIT}. */
  private static final class Reached<T> {
    private boolean commitSent;
    private T result;
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
      if (!isBrokenConnection(e)) {
        throw e;
      }
      dataSource.getHikariPoolMXBean().softEvictConnections();
      return attempt.run();
    }
  }

  private static boolean isBrokenConnection(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("08");
  }

  private <T> T transaction(String token, SqlWork<T> work, Reached<T> reached) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      T result;
      try {
        if (token != null && !AppliedOps.record(c, token, System.currentTimeMillis())) {
          if (!reached.commitSent) {
            throw new IllegalStateException("Operation token " + token + " used twice");
          }
          c.rollback(); // the first attempt committed; this one wrote nothing
          result = reached.result;
        } else {
          result = work.run(c);
          reached.result = result;
          reached.commitSent = true;
          c.commit();
        }
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      }
      c.setAutoCommit(true);
      return result;
    }
  }

  /**
   * Rolls back after {@code failure}. On a broken connection the rollback fails too; its error is
   * only attached, so the caller still sees (and retries on) the original connection failure.
   */
  private static void rollbackQuietly(Connection c, Throwable failure) {
    try {
      c.rollback();
      c.setAutoCommit(true);
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /** Deletes expired operation tokens, at most every {@link AppliedOps#PRUNE_INTERVAL}. */
  private void pruneIfDue() {
    long now = System.currentTimeMillis();
    long due = nextPrune.get();
    if (now < due || !nextPrune.compareAndSet(due, now + AppliedOps.PRUNE_INTERVAL.toMillis())) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      int pruned = AppliedOps.prune(c, now);
      LOG.debug("Pruned {} expired operation tokens from the {}", pruned, description);
    } catch (SQLException e) {
      LOG.warn(
          "Could not prune expired operation tokens from the {}: {}", description, e.toString());
    }
  }

  /**
   * Runs {@code work} on one connection of its own, without retries; for the schema migration,
   * which holds a database lock on that connection.
   */
  <T> T onOneConnection(String action, SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw failure(action, e);
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

  /**
   * Like {@link #write} for an insert: empty when a key is violated (the row exists already), the
   * result of {@code work} otherwise.
   */
  <T> Optional<T> writeUnlessDuplicate(String action, SqlWork<T> work) {
    try {
      return Optional.of(write(action, work));
    } catch (SQLException e) {
      if (!Dialect.isDuplicateKey(e)) {
        throw failure(action, e);
      }
      return Optional.empty();
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
