package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamkit.testkit.CuttingProxy;
import io.streamkit.testkit.DatabaseServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunctionImpl;
import org.apache.flink.table.catalog.CatalogPartitionImpl;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Writes whose connection is lost at an exact point, against a real database behind a {@link
 * CuttingProxy}: after the {@code COMMIT} was sent but before its reply (the change applied, the
 * client cannot know), and between the statements of one transaction (nothing may be visible). Also
 * two catalogs starting at the same moment against an empty database. Each subclass runs the suite
 * on one database.
 */
abstract class MetadataWriteFaultsITCase {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** The database server, started by the subclass's extension. */
  protected abstract DatabaseServer server();

  /**
   * The URL of {@code database} through a proxy on {@code port}, with driver settings that send
   * every statement as text (so the proxy can recognise it).
   */
  protected abstract String proxiedUrl(int port, String database);

  private final List<StreamkitCatalog> catalogs = new ArrayList<>();
  private CuttingProxy proxy;
  private String database;

  @BeforeEach
  void createMetadataDatabase(TestInfo info) {
    database = "wf_" + COUNTER.incrementAndGet();
    server().createDatabase(database);
    proxy = new CuttingProxy(server().port());
  }

  @AfterEach
  void closeCatalogs() {
    catalogs.forEach(StreamkitCatalog::close);
    catalogs.clear();
    proxy.close();
  }

  private StreamkitCatalog catalog(String url) {
    StreamkitCatalog catalog =
        new StreamkitCatalog(
            "sk",
            "default",
            new JdbcSettings(url, server().username(), null, Duration.ofSeconds(5), 2),
            List.of(),
            100,
            StreamkitCatalogOptions.ARTIFACTS_DIR.defaultValue(),
            getClass().getClassLoader());
    catalog.open();
    synchronized (catalogs) {
      catalogs.add(catalog);
    }
    return catalog;
  }

  private StreamkitCatalog proxiedCatalog() {
    return catalog(proxiedUrl(proxy.port(), database));
  }

  private static ResolvedCatalogTable table(Map<String, String> options, String... partitionKeys) {
    CatalogTable table =
        CatalogTable.newBuilder()
            .schema(
                Schema.newBuilder()
                    .column("id", DataTypes.BIGINT())
                    .column("dt", DataTypes.STRING())
                    .build())
            .options(options)
            .partitionKeys(List.of(partitionKeys))
            .build();
    return new ResolvedCatalogTable(
        table,
        ResolvedSchema.of(
            Column.physical("id", DataTypes.BIGINT()), Column.physical("dt", DataTypes.STRING())));
  }

  /** Rows of {@code sql} in the metadata database, read directly (not through the proxy). */
  private List<List<Object>> rows(String sql) throws SQLException {
    try (Connection c = server().connect(database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<List<Object>> rows = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          Object value = rs.getObject(i);
          row.add(value instanceof Number n ? n.longValue() : value);
        }
        rows.add(row);
      }
      return rows;
    }
  }

  private long count(String table, String where) throws SQLException {
    return (Long) rows("SELECT COUNT(*) FROM " + table + " WHERE " + where).get(0).get(0);
  }

  // ------------------------------------------------------------------------------------------
  // the commit applied, its acknowledgement was lost
  // ------------------------------------------------------------------------------------------

  @Test
  void createTableSucceedsWhenTheCommitAppliedButItsReplyWasLost() throws Exception {
    StreamkitCatalog catalog = proxiedCatalog();
    ObjectPath path = new ObjectPath("default", "orders");

    proxy.cutAfter("COMMIT", 1);
    catalog.createTable(path, table(Map.of("connector", "datagen")), false);

    assertThat(proxy.cuts()).as("the proxy cut the connection after COMMIT").isEqualTo(1);
    assertThat(rows("SELECT object_name, version FROM sk_object WHERE db_name = 'default'"))
        .containsExactly(List.of("orders", 1L));
    assertThat(catalog.getTable(path).getOptions()).containsEntry("connector", "datagen");
  }

  @Test
  void alterTableSucceedsWhenTheCommitAppliedButItsReplyWasLost() throws Exception {
    StreamkitCatalog catalog = proxiedCatalog();
    ObjectPath path = new ObjectPath("default", "orders");
    catalog.createTable(path, table(Map.of("connector", "datagen")), false);
    catalog.getTable(path); // the version this session's ALTER is based on

    proxy.cutAfter("COMMIT", 1);
    catalog.alterTable(
        path, table(Map.of("connector", "datagen", "rows-per-second", "5")), List.of(), false);

    assertThat(proxy.cuts()).isEqualTo(1);
    List<List<Object>> stored =
        rows("SELECT version, definition FROM sk_object WHERE db_name = 'default'");
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).get(0)).as("applied once: one version step").isEqualTo(2L);
    assertThat(catalog.getTable(path).getOptions()).containsEntry("rows-per-second", "5");

    // The session's base version moved on: its next ALTER applies without a false conflict.
    catalog.alterTable(
        path, table(Map.of("connector", "datagen", "rows-per-second", "6")), List.of(), false);
    assertThat(rows("SELECT version FROM sk_object WHERE db_name = 'default'"))
        .containsExactly(List.of(3L));
  }

  @Test
  void dropTableSucceedsWhenTheCommitAppliedButItsReplyWasLost() throws Exception {
    StreamkitCatalog catalog = proxiedCatalog();
    ObjectPath path = new ObjectPath("default", "orders");
    catalog.createTable(path, table(Map.of("connector", "datagen"), "dt"), false);
    catalog.createPartition(
        path,
        new CatalogPartitionSpec(Map.of("dt", "2026-12-01")),
        new CatalogPartitionImpl(Map.of(), null),
        false);

    proxy.cutAfter("COMMIT", 1);
    catalog.dropTable(path, false);

    assertThat(proxy.cuts()).isEqualTo(1);
    assertThat(count("sk_object", "db_name = 'default'")).isZero();
    assertThat(count("sk_partition", "db_name = 'default'")).isZero();
    assertThat(catalog.tableExists(path)).isFalse();
  }

  @Test
  void createDatabaseSucceedsWhenTheCommitAppliedButItsReplyWasLost() throws Exception {
    StreamkitCatalog catalog = proxiedCatalog();

    proxy.cutAfter("COMMIT", 1);
    catalog.createDatabase("sales", new CatalogDatabaseImpl(Map.of("k", "v"), "c"), false);

    assertThat(proxy.cuts()).isEqualTo(1);
    assertThat(rows("SELECT db_name, db_comment FROM sk_database ORDER BY db_name"))
        .containsExactly(Arrays.asList("default", null), List.of("sales", "c"));
    assertThat(catalog.getDatabase("sales").getComment()).isEqualTo("c");
  }

  // ------------------------------------------------------------------------------------------
  // the connection lost between the statements of one transaction
  // ------------------------------------------------------------------------------------------

  @Test
  void dropDatabaseCascadeCutMidwayLeavesEverythingAndARetrySucceeds() throws Exception {
    StreamkitCatalog catalog = proxiedCatalog();
    catalog.createDatabase("sales", new CatalogDatabaseImpl(Map.of(), null), false);
    ObjectPath orders = new ObjectPath("sales", "orders");
    catalog.createTable(orders, table(Map.of("connector", "datagen"), "dt"), false);
    for (String dt : List.of("2026-11-29", "2026-11-30", "2026-12-01")) {
      catalog.createPartition(
          orders,
          new CatalogPartitionSpec(Map.of("dt", dt)),
          new CatalogPartitionImpl(Map.of(), null),
          false);
    }
    catalog.createFunction(
        new ObjectPath("sales", "f"), new CatalogFunctionImpl("com.example.F"), false);
    Map<String, Long> before = salesRows();
    assertThat(before)
        .containsExactly(
            Map.entry("sk_database", 1L),
            Map.entry("sk_object", 1L),
            Map.entry("sk_partition", 3L),
            Map.entry("sk_function", 1L));

    // Partitions are deleted first, then the table: cut right after that statement, on the first
    // attempt and on its retry, so the call fails with two of four deletes executed.
    proxy.cutAfter("DELETE FROM sk_object", 2);
    assertThatThrownBy(() -> catalog.dropDatabase("sales", false, true))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("drop database sales");
    assertThat(proxy.cuts()).isEqualTo(2);
    assertThat(salesRows()).as("nothing half-deleted").isEqualTo(before);
    assertThat(catalog.listPartitions(orders)).hasSize(3);

    // One lost connection midway: the store's retry on a fresh connection completes it.
    proxy.cutAfter("DELETE FROM sk_object", 1);
    catalog.dropDatabase("sales", false, true);
    assertThat(proxy.cuts()).isEqualTo(3);
    assertThat(salesRows())
        .containsOnly(
            Map.entry("sk_database", 0L),
            Map.entry("sk_object", 0L),
            Map.entry("sk_partition", 0L),
            Map.entry("sk_function", 0L));
    assertThat(catalog.databaseExists("sales")).isFalse();
  }

  @Test
  void renameTableCutMidwayMovesNothingAndARetrySucceeds() throws Exception {
    StreamkitCatalog catalog = proxiedCatalog();
    ObjectPath orders = new ObjectPath("default", "orders");
    catalog.createTable(orders, table(Map.of("connector", "datagen"), "dt"), false);
    for (String dt : List.of("2026-11-30", "2026-12-01")) {
      catalog.createPartition(
          orders,
          new CatalogPartitionSpec(Map.of("dt", dt)),
          new CatalogPartitionImpl(Map.of(), null),
          false);
    }

    // The table row is renamed first, then its partitions: cut after the first of the two.
    proxy.cutAfter("UPDATE sk_object SET object_name", 2);
    assertThatThrownBy(() -> catalog.renameTable(orders, "orders_v2", false))
        .isInstanceOf(CatalogException.class);
    assertThat(proxy.cuts()).isEqualTo(2);
    assertThat(rows("SELECT object_name FROM sk_object")).containsExactly(List.of("orders"));
    assertThat(rows("SELECT DISTINCT object_name FROM sk_partition"))
        .containsExactly(List.of("orders"));

    catalog.renameTable(orders, "orders_v2", false);
    assertThat(rows("SELECT object_name FROM sk_object")).containsExactly(List.of("orders_v2"));
    assertThat(count("sk_partition", "object_name = 'orders_v2'")).isEqualTo(2);
  }

  private Map<String, Long> salesRows() throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : List.of("sk_database", "sk_object", "sk_partition", "sk_function")) {
      counts.put(table, count(table, "db_name = 'sales'"));
    }
    return counts;
  }

  // ------------------------------------------------------------------------------------------
  // concurrent first starts
  // ------------------------------------------------------------------------------------------

  @Test
  void catalogsStartingAtOnceOnAnEmptyDatabaseAllSucceed() throws Exception {
    int clients = 4;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      for (int round = 0; round < 5; round++) {
        String empty = database + "_start" + round;
        server().createDatabase(empty);
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<String>>> opened = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
          opened.add(
              pool.submit(
                  () -> {
                    ready.countDown();
                    go.await();
                    return catalog(server().jdbcUrl(empty)).listDatabases();
                  }));
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        for (Future<List<String>> databases : opened) {
          assertThat(databases.get(120, TimeUnit.SECONDS)).containsExactly("default");
        }
        String saved = database;
        database = empty;
        try {
          assertThat(rows("SELECT version FROM sk_schema_version ORDER BY version"))
              .as("each migration recorded once")
              .containsExactlyElementsOf(
                  IntStream.rangeClosed(1, SchemaMigrator.LATEST)
                      .mapToObj(v -> List.<Object>of((long) v))
                      .toList());
          assertThat(rows("SELECT db_name FROM sk_database")).containsExactly(List.of("default"));
        } finally {
          database = saved;
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
