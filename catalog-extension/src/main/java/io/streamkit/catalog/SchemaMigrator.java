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
 * under {@code io/streamkit/catalog/migration/} that the database has not seen yet. Each script is
 * idempotent ({@code IF NOT EXISTS}), so two catalogs starting at once against an empty database
 * both succeed; the version table records what was applied.
 */
final class SchemaMigrator {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

  /** The scripts, in order; script {@code i} brings the schema to version {@code i + 1}. */
  static final List<String> SCRIPTS = List.of("V1__metadata.sql", "V2__catalog_store.sql");

  static final int LATEST = SCRIPTS.size();

  private final MetadataStore store;

  SchemaMigrator(MetadataStore store) {
    this.store = store;
  }

  /** Migrates to {@code target} (tests use a lower target to simulate an old database). */
  void migrate(int target) {
    store.writeOrFail(
        "create the schema version table",
        c -> {
          execute(
              c,
              store
                  .dialect()
                  .render(
                      "CREATE TABLE IF NOT EXISTS sk_schema_version ("
                          + "version INT NOT NULL PRIMARY KEY, script VARCHAR(255) NOT NULL,"
                          + " applied_at BIGINT NOT NULL)${table_options}"));
          return null;
        });
    int current = currentVersion();
    if (current > LATEST) {
      throw new CatalogException(
          "The catalog database has metadata schema version "
              + current
              + " but this streamkit supports up to "
              + LATEST
              + ". Upgrade streamkit on this client.");
    }
    for (int version = current + 1; version <= target; version++) {
      String script = SCRIPTS.get(version - 1);
      String sql = store.dialect().render(load(script));
      int v = version;
      try {
        store.write(
            "apply " + script,
            c -> {
              for (String statement : sql.split(";\\s*(\\n|$)")) {
                if (!statement.isBlank()) {
                  execute(c, statement);
                }
              }
              MetadataStore.update(
                  c,
                  "INSERT INTO sk_schema_version (version, script, applied_at) VALUES (?, ?, ?)",
                  v,
                  script,
                  System.currentTimeMillis());
              return null;
            });
        LOG.info("Applied catalog metadata migration {}", script);
      } catch (SQLException e) {
        if (!(Dialect.isDuplicateKey(e) && currentVersion() >= v)) {
          throw store.failure("apply metadata migration " + script, e);
        }
        // Another client applied the same script at the same moment.
      }
    }
  }

  int currentVersion() {
    return store.read(
        "read the metadata schema version",
        c ->
            MetadataStore.queryOne(
                    c, "SELECT MAX(version) FROM sk_schema_version", rs -> rs.getInt(1))
                .orElse(0));
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
