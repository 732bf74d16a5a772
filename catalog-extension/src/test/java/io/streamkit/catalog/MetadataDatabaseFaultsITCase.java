package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamkit.testkit.FreePorts;
import io.streamkit.testkit.MariaDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The metadata database going away, coming back, being old, or never being there. */
class MetadataDatabaseFaultsITCase {
  @RegisterExtension static final MariaDb MARIADB = new MariaDb();

  @BeforeAll
  static void createDatabases() {
    MARIADB.createDatabase("meta");
    MARIADB.createDatabase("old_meta");
    MARIADB.createDatabase("future_meta");
  }

  private static JdbcSettings settings(String db) {
    return new JdbcSettings(MARIADB.jdbcUrl(db), "root", null, Duration.ofSeconds(2), 2);
  }

  private static StreamkitCatalog catalog(JdbcSettings settings) {
    StreamkitCatalog catalog =
        new StreamkitCatalog(
            "sk",
            "default",
            settings,
            List.of(),
            100,
            StreamkitCatalogOptions.ARTIFACTS_DIR.defaultValue(),
            MetadataDatabaseFaultsITCase.class.getClassLoader());
    catalog.open();
    return catalog;
  }

  @Test
  void unreachableDatabaseFailsFastWithAClearMessageAndNoPassword() {
    JdbcSettings settings =
        new JdbcSettings(
            "jdbc:mariadb://127.0.0.1:" + FreePorts.next() + "/meta?sslMode=disable&password=urlpw",
            "admin",
            "hunter2",
            Duration.ofSeconds(1),
            2);
    long start = System.nanoTime();
    assertThatThrownBy(() -> catalog(settings))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("Cannot connect to the catalog database")
        .hasMessageContaining("Check the catalog's 'url', 'username' and 'password'")
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("urlpw");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  /**
   * A database that accepts TCP and never answers (a hung server, a half-open path) fails within
   * the connection timeout, through the driver's own connect timeout. The JVM-wide {@link
   * java.sql.DriverManager#setLoginTimeout}, which a pool given a URL sets, is left alone: it is
   * every other JDBC user's in the JVM too.
   */
  @Test
  void anUnansweringDatabaseFailsWithinTheTimeoutAndTheJvmLoginTimeoutIsLeftAlone()
      throws Exception {
    int before = java.sql.DriverManager.getLoginTimeout();
    java.sql.DriverManager.setLoginTimeout(0);
    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      JdbcSettings hung =
          new JdbcSettings(
              "jdbc:mariadb://127.0.0.1:" + silent.getLocalPort() + "/meta",
              "root",
              null,
              Duration.ofSeconds(2),
              2);
      long start = System.nanoTime();
      assertThatThrownBy(() -> catalog(hung))
          .isInstanceOf(CatalogException.class)
          .hasMessageContaining("Cannot connect to the catalog database");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

      StreamkitCatalog reachable = catalog(settings("meta"));
      try {
        assertThat(reachable.listDatabases()).contains("default");
      } finally {
        reachable.close();
      }
      assertThat(java.sql.DriverManager.getLoginTimeout()).isZero();
    } finally {
      java.sql.DriverManager.setLoginTimeout(before);
    }
  }

  @Test
  void databaseOutageFailsCallsCleanlyAndTheCatalogRecovers() throws Exception {
    StreamkitCatalog catalog = catalog(settings("meta"));
    try {
      catalog.createDatabase("before", new CatalogDatabaseImpl(Map.of(), null), false);

      MARIADB.stop();
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  catalog.createDatabase("during", new CatalogDatabaseImpl(Map.of(), null), false))
          .isInstanceOf(CatalogException.class)
          .hasMessageContaining("create database during");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));

      MARIADB.restart();
      catalog.createDatabase("after", new CatalogDatabaseImpl(Map.of(), null), false);
      assertThat(catalog.listDatabases()).containsExactly("after", "before", "default");
    } finally {
      catalog.close();
    }
  }

  @Test
  void oldSchemaIsUpgradedInPlaceKeepingItsData() throws Exception {
    try (MetadataStore v1 =
        MetadataStore.open(settings("old_meta"), getClass().getClassLoader(), 1)) {
      assertThat(new SchemaMigrator(v1).currentVersion()).isEqualTo(1);
      v1.writeOrFail(
          "seed",
          c ->
              MetadataStore.update(
                  c,
                  "INSERT INTO sk_database (db_name, db_comment, properties, created_at, updated_at)"
                      + " VALUES ('legacy', 'from v1', '{}', 0, 0)"));
    }
    StreamkitCatalog catalog = catalog(settings("old_meta"));
    try {
      assertThat(catalog.getDatabase("legacy").getComment()).isEqualTo("from v1");
    } finally {
      catalog.close();
    }
    StreamkitCatalogStore store =
        new StreamkitCatalogStore(settings("old_meta"), getClass().getClassLoader());
    store.open();
    assertThat(store.listCatalogs()).isEmpty(); // the V2 table exists now
    store.close();
    assertThat(schemaVersions("old_meta"))
        .as("every later migration recorded once, after the original one")
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(tables("old_meta"))
        .contains(
            "sk_catalog",
            "sk_applied_ops",
            "sk_lineage",
            "sk_alert_rule",
            "sk_model",
            "sk_statistics",
            "sk_job_run");
  }

  private static List<Integer> schemaVersions(String db) throws SQLException {
    try (Connection c = MARIADB.connect(db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM sk_schema_version ORDER BY version")) {
      List<Integer> versions = new ArrayList<>();
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
      return versions;
    }
  }

  private static List<String> tables(String db) throws SQLException {
    try (Connection c = MARIADB.connect(db);
        ResultSet rs = c.getMetaData().getTables(db, null, "sk_%", new String[] {"TABLE"})) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME"));
      }
      return names;
    }
  }

  @Test
  void newerSchemaIsRefused() {
    catalog(settings("future_meta")).close();
    MARIADB.execute(
        "future_meta",
        "INSERT INTO sk_schema_version (version, script, applied_at) VALUES (99, 'V99', 0)");
    assertThatThrownBy(() -> catalog(settings("future_meta")))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("metadata schema version 99")
        .hasMessageContaining("Upgrade streamkit");
  }
}
