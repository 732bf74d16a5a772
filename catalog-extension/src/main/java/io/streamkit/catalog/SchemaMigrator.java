package io.streamkit.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the metadata schema to the version this code expects, by running the numbered scripts
 * under {@code io/streamkit/catalog/migration/} that the database has not seen yet. The migration
 * runs on one connection holding a database-wide lock (MySQL/MariaDB {@code GET_LOCK}, PostgreSQL
 * an advisory lock), so of two catalogs starting at once against an empty database one migrates and
 * the other then finds the schema current. Each script is also idempotent ({@code IF NOT EXISTS})
 * and a script applied meanwhile by another client counts as applied, for H2 (no such lock) and for
 * clients of older versions; the version table records what was applied.
 */
final class SchemaMigrator {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

  /** The scripts, in order; script {@code i} brings the schema to version {@code i + 1}. */
  static final List<String> SCRIPTS =
      List.of(
          "V1__metadata.sql",
          "V2__catalog_store.sql",
          "V3__applied_ops.sql",
          "V4__lineage.sql",
          "V5__alert_rules.sql",
          "V6__models_statistics.sql",
          "V7__job_runs.sql",
          "V8__data_key.sql");

  static final int LATEST = SCRIPTS.size();

  /** How long a client waits for another one's migration. */
  static final int LOCK_WAIT_SECONDS = 60;

  private final MetadataStore store;

  SchemaMigrator(MetadataStore store) {
    this.store = store;
  }

  /**
   * Migrates to {@code target} (tests use a lower target to simulate an old database) and returns
   * the schema version the database has now.
   */
  int migrate(int target) {
    return store.onOneConnection(
        "migrate the metadata schema",
        c -> {
          Dialect dialect = store.dialect();
          if (!dialect.lockSchema(c, LOCK_WAIT_SECONDS)) {
            throw new CatalogException(
                "Another client has been migrating the catalog's metadata schema for more than "
                    + LOCK_WAIT_SECONDS
                    + " s. Try again, or check for a hung client holding the lock.");
          }
          try {
            return migrateLocked(c, target);
          } finally {
            try {
              dialect.unlockSchema(c);
            } catch (SQLException e) {
              // The lock goes with the session; keep the migration's own outcome.
              LOG.warn("Could not release the schema migration lock: {}", e.toString());
            }
          }
        });
  }

  private int migrateLocked(Connection c, int target) throws SQLException {
    execute(
        c,
        store
            .dialect()
            .render(
                "CREATE TABLE IF NOT EXISTS sk_schema_version ("
                    + "version INT NOT NULL PRIMARY KEY, script VARCHAR(255) NOT NULL,"
                    + " applied_at BIGINT NOT NULL)${table_options}"));
    int current = currentVersion(c);
    if (current > LATEST) {
      throw new CatalogException(
          "The catalog database has metadata schema version "
              + current
              + " but this streamkit supports up to "
              + LATEST
              + ". Upgrade streamkit on this client.");
    }
    for (int version = current + 1; version <= target; version++) {
      apply(c, version);
    }
    return currentVersion(c);
  }

  /** Applies one script in one transaction (MySQL commits each DDL statement by itself). */
  private void apply(Connection c, int version) throws SQLException {
    String script = SCRIPTS.get(version - 1);
    String sql = store.dialect().render(load(script));
    c.setAutoCommit(false);
    try {
      for (String statement : sql.split(";\\s*(\\n|$)")) {
        if (!statement.isBlank()) {
          execute(c, statement);
        }
      }
      MetadataStore.update(
          c,
          "INSERT INTO sk_schema_version (version, script, applied_at) VALUES (?, ?, ?)",
          version,
          script,
          System.currentTimeMillis());
      c.commit();
      LOG.info("Applied catalog metadata migration {}", script);
    } catch (SQLException e) {
      c.rollback();
      c.setAutoCommit(true);
      if (currentVersion(c) < version) {
        throw store.failure("apply metadata migration " + script, e);
      }
      LOG.info("Catalog metadata migration {} was applied by another client", script);
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static int currentVersion(Connection c) throws SQLException {
    return MetadataStore.queryOne(
            c, "SELECT MAX(version) FROM sk_schema_version", rs -> rs.getInt(1))
        .orElse(0);
  }

  int currentVersion() {
    return store.read("read the metadata schema version", SchemaMigrator::currentVersion);
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String load(String script) {
    try (InputStream in =
        SchemaMigrator.class.getResourceAsStream("/io/streamkit/catalog/migration/" + script)) {
      if (in == null) {
        throw new IllegalStateException("Missing migration script " + script);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
