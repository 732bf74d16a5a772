package io.streamkit.catalog;

import io.streamkit.jdbc.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The few places where the metadata schema's SQL differs between the databases it can live in
 * (which database a URL names, and its driver, are {@link Database}'s).
 */
enum Dialect {
  H2("CLOB", ""),
  MYSQL("MEDIUMTEXT", " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"),
  POSTGRESQL("TEXT", "");

  /** MySQL's named locks are server-wide: name the lock after the database (64 chars at most). */
  private static final String SCHEMA_LOCK =
      "CONCAT('streamkit_schema_', MD5(COALESCE(DATABASE(), '')))";

  /** PostgreSQL names advisory locks (scoped to the database) by number: "sk_schem" in ASCII. */
  private static final long SCHEMA_LOCK_KEY = 0x736b5f736368656dL; // "sk_schem"

  private final String clobType;
  private final String tableOptions;

  Dialect(String clobType, String tableOptions) {
    this.clobType = clobType;
    this.tableOptions = tableOptions;
  }

  static Dialect of(Database database) {
    return switch (database) {
      case H2 -> H2;
      case MYSQL -> MYSQL;
      case POSTGRESQL -> POSTGRESQL;
    };
  }

  /** Replaces the placeholders of a migration script with this dialect's types and options. */
  String render(String script) {
    return script.replace("${clob}", clobType).replace("${table_options}", tableOptions);
  }

  /**
   * Takes the database-wide lock that serializes schema migrations on {@code c}'s session, waiting
   * at most {@code waitSeconds}; false if it timed out. H2 has no such lock: there, two clients
   * migrating at once rely on the scripts being idempotent.
   */
  boolean lockSchema(Connection c, int waitSeconds) throws SQLException {
    switch (this) {
      case MYSQL:
        return MetadataStore.queryOne(
                c, "SELECT GET_LOCK(" + SCHEMA_LOCK + ", ?)", rs -> rs.getInt(1) == 1, waitSeconds)
            .orElse(false);
      case POSTGRESQL:
        // A session-level advisory lock, taken in a transaction only to bound the wait.
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.execute("SET LOCAL lock_timeout = '" + waitSeconds + "s'");
          s.execute("SELECT pg_advisory_lock(" + SCHEMA_LOCK_KEY + ")");
          c.commit();
          return true;
        } catch (SQLException e) {
          c.rollback();
          if ("55P03".equals(e.getSQLState())) { // lock_not_available
            return false;
          }
          throw e;
        } finally {
          c.setAutoCommit(autoCommit);
        }
      default:
        return true;
    }
  }

  /** Releases the lock of {@link #lockSchema}. */
  void unlockSchema(Connection c) throws SQLException {
    switch (this) {
      case MYSQL:
        MetadataStore.query(c, "SELECT RELEASE_LOCK(" + SCHEMA_LOCK + ")", rs -> null);
        break;
      case POSTGRESQL:
        MetadataStore.query(c, "SELECT pg_advisory_unlock(" + SCHEMA_LOCK_KEY + ")", rs -> null);
        break;
      default:
        break;
    }
  }

  /** Whether {@code e} reports a violated primary key or unique constraint. */
  static boolean isDuplicateKey(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      String state = s.getSQLState();
      if (state != null && state.startsWith("23")) {
        return true;
      }
    }
    return e.getErrorCode() == 1062; // MySQL ER_DUP_ENTRY without a standard state
  }
}
