package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDescriptor;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.TableChange;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.resource.ResourceType;
import org.apache.flink.table.resource.ResourceUri;
import org.apache.flink.types.Row;
import org.apache.flink.util.CollectionUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every DDL path of the streamkit catalog through Flink SQL, against a real metadata database. Each
 * subclass runs the whole suite on one database (H2, MariaDB, PostgreSQL). Each test works in its
 * own Flink database, and opens a new session (a new catalog instance) wherever persistence
 * matters.
 */
abstract class CatalogContractITCase {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** url/username/password of the metadata database for this run. */
  protected abstract Map<String, String> connectionOptions();

  private final List<TableEnvironment> sessions = new ArrayList<>();
  private String db;

  @TempDir static Path tmp;

  @BeforeEach
  void createTestDatabase(TestInfo info) {
    db =
        "db_"
            + info.getTestMethod().orElseThrow().getName().toLowerCase()
            + "_"
            + COUNTER.incrementAndGet();
    session().executeSql("CREATE DATABASE " + db);
  }

  @AfterEach
  void closeSessions() {
    for (TableEnvironment env : sessions) {
      env.useCatalog("default_catalog");
      env.executeSql("DROP CATALOG IF EXISTS sk");
    }
    sessions.clear();
  }

  /** A new Flink session with a new instance of the catalog, using the test's database. */
  protected TableEnvironment session() {
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    env.executeSql("CREATE CATALOG sk WITH (" + withClause(catalogOptions()) + ")");
    env.useCatalog("sk");
    if (db != null && env.listDatabases().length > 0 && List.of(env.listDatabases()).contains(db)) {
      env.useDatabase(db);
    }
    sessions.add(env);
    return env;
  }

  protected Map<String, String> catalogOptions() {
    Map<String, String> options = new HashMap<>(connectionOptions());
    options.put("type", "streamkit");
    options.put("artifacts-dir", tmp.resolve("artifacts").toString());
    return options;
  }

  static String withClause(Map<String, String> options) {
    return options.entrySet().stream()
        .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
        .collect(Collectors.joining(", "));
  }

  static List<String> rows(TableEnvironment env, String sql) {
    return CollectionUtil.iteratorToList(env.executeSql(sql).collect()).stream()
        .map(Row::toString)
        .toList();
  }

  static String showCreate(TableEnvironment env, String table) {
    return (String)
        CollectionUtil.iteratorToList(env.executeSql("SHOW CREATE TABLE " + table).collect())
            .get(0)
            .getField(0);
  }

  private static final String FULL_TABLE =
      "CREATE TABLE events (\n"
          + "  id BIGINT NOT NULL COMMENT 'event id',\n"
          + "  user_name STRING,\n"
          + "  payload MAP<STRING, STRING>,\n"
          + "  ts TIMESTAMP(3),\n"
          + "  ts_kafka TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,\n"
          + "  name_len AS CHAR_LENGTH(user_name),\n"
          + "  dt STRING,\n"
          + "  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,\n"
          + "  PRIMARY KEY (id, dt) NOT ENFORCED\n"
          + ") COMMENT 'all events'\n"
          + "PARTITIONED BY (dt)\n"
          + "WITH ('connector' = 'capture', 'topic' = 'events', 'format' = 'json')";

  @Test
  void tableWithFullSchemaPersistsAndShowCreateRoundTrips() {
    session().executeSql(FULL_TABLE);

    TableEnvironment later = session();
    String shown = showCreate(later, "events");
    assertThat(shown)
        .contains("`id` BIGINT NOT NULL COMMENT 'event id'")
        .contains("METADATA FROM 'timestamp' VIRTUAL")
        .contains("AS CHAR_LENGTH(`user_name`)")
        .contains("WATERMARK FOR `ts` AS `ts` - INTERVAL '5' SECOND")
        .contains("PRIMARY KEY (`id`, `dt`) NOT ENFORCED")
        .contains("COMMENT 'all events'")
        .contains("PARTITIONED BY (`dt`)")
        .contains("'topic' = 'events'");
    assertThat(later.from("events").getResolvedSchema())
        .isEqualTo(session().from("events").getResolvedSchema());

    // The printed DDL creates the same table again.
    later.executeSql("DROP TABLE events");
    later.executeSql(shown);
    assertThat(showCreate(session(), "events")).isEqualTo(shown);
  }

  @Test
  void alterTableSchemaAndOptionsPersist() {
    TableEnvironment env = session();
    env.executeSql(
        "CREATE TABLE t (id INT, name STRING, obsolete INT) WITH ('connector' = 'capture', 'a' = '1')");
    env.executeSql(
        "ALTER TABLE t ADD (score DOUBLE COMMENT 'points', PRIMARY KEY (id) NOT ENFORCED)");
    env.executeSql("ALTER TABLE t MODIFY name VARCHAR(100)");
    env.executeSql("ALTER TABLE t DROP obsolete");
    env.executeSql("ALTER TABLE t RENAME score TO points");
    env.executeSql("ALTER TABLE t SET ('b' = '2')");
    env.executeSql("ALTER TABLE t RESET ('a')");

    String shown = showCreate(session(), "t");
    assertThat(shown)
        .contains("`id` INT NOT NULL")
        .contains("`name` VARCHAR(100)")
        .contains("`points` DOUBLE COMMENT 'points'")
        .contains("PRIMARY KEY (`id`) NOT ENFORCED")
        .contains("'b' = '2'")
        .doesNotContain("obsolete")
        .doesNotContain("'a' = '1'");
  }

  @Test
  void renameAndDropTables() {
    TableEnvironment env = session();
    env.executeSql("CREATE TABLE a (id INT) WITH ('connector' = 'capture')");
    env.executeSql("CREATE TABLE b (id INT) WITH ('connector' = 'capture')");
    assertThatThrownBy(() -> env.executeSql("ALTER TABLE a RENAME TO b"))
        .hasStackTraceContaining("already exists");
    env.executeSql("ALTER TABLE a RENAME TO c");
    assertThat(List.of(session().listTables())).containsExactly("b", "c");
    env.executeSql("DROP TABLE b");
    env.executeSql("DROP TABLE IF EXISTS b");
    assertThatThrownBy(() -> env.executeSql("DROP TABLE b"))
        .hasStackTraceContaining("does not exist");
    assertThat(List.of(session().listTables())).containsExactly("c");
  }

  @Test
  void viewsPersistAndQuery() {
    TableEnvironment env = session();
    env.executeSql(
        "CREATE VIEW v COMMENT 'numbers' AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(id, name)"
            + " WHERE id > 1");
    TableEnvironment later = session();
    assertThat(rows(later, "SELECT * FROM v")).containsExactly("+I[2, b]");
    assertThat(List.of(later.listViews())).containsExactly("v");
    assertThat(rows(later, "SHOW CREATE VIEW v").get(0)).contains("WHERE `t`.`id` > 1");
    later.executeSql("DROP VIEW v");
    assertThat(List.of(session().listViews())).isEmpty();
  }

  @Test
  void databasesWithCascade() throws Exception {
    TableEnvironment env = session();
    env.executeSql(
        "CREATE DATABASE other COMMENT 'x' WITH ('owner' = 'team-a')".replace("other", db + "_o"));
    env.executeSql("ALTER DATABASE " + db + "_o SET ('owner' = 'team-b')");
    env.executeSql("CREATE TABLE " + db + "_o.t (id INT) WITH ('connector' = 'capture')");
    env.executeSql("CREATE FUNCTION " + db + "_o.f AS 'com.example.F'");

    TableEnvironment later = session();
    assertThat(later.getCatalog("sk").orElseThrow().getDatabase(db + "_o").getProperties())
        .containsEntry("owner", "team-b");
    assertThatThrownBy(() -> later.executeSql("DROP DATABASE " + db + "_o"))
        .hasStackTraceContaining("is not empty");
    later.executeSql("DROP DATABASE " + db + "_o CASCADE");
    assertThat(List.of(session().listDatabases())).doesNotContain(db + "_o");
  }

  @Test
  void partitionsPersist() {
    TableEnvironment env = session();
    env.executeSql(
        "CREATE TABLE p (v INT, dt STRING, hr STRING) PARTITIONED BY (dt, hr)"
            + " WITH ('connector' = 'capture')");
    env.executeSql("ALTER TABLE p ADD PARTITION (dt = '2024-01-01', hr = '01') WITH ('k' = 'v')");
    env.executeSql("ALTER TABLE p ADD PARTITION (dt = '2024-01-01', hr = '02')");
    env.executeSql("ALTER TABLE p ADD PARTITION (dt = '2024-01-02', hr = '01')");
    assertThatThrownBy(
            () -> env.executeSql("ALTER TABLE p ADD PARTITION (dt = '2024-01-02', hr = '01')"))
        .hasStackTraceContaining("already exists");

    TableEnvironment later = session();
    assertThat(rows(later, "SHOW PARTITIONS p"))
        .containsExactly(
            "+I[dt=2024-01-01/hr=01]", "+I[dt=2024-01-01/hr=02]", "+I[dt=2024-01-02/hr=01]");
    assertThat(rows(later, "SHOW PARTITIONS p PARTITION (dt = '2024-01-01')")).hasSize(2);
    later.executeSql("ALTER TABLE p DROP PARTITION (dt = '2024-01-01', hr = '02')");
    later.executeSql("ALTER TABLE p RENAME TO p2");
    assertThat(rows(session(), "SHOW PARTITIONS p2")).hasSize(2);
  }

  @Test
  void functionsWithJarsPersistAndRun() throws Exception {
    Path jar = compileUdfJar();
    TableEnvironment env = session();
    env.executeSql("CREATE FUNCTION shout AS 'udf.Shout' USING JAR '" + jar.toUri() + "'");

    TableEnvironment later = session();
    CatalogFunction function =
        later.getCatalog("sk").orElseThrow().getFunction(new ObjectPath(db, "shout"));
    assertThat(function.getClassName()).isEqualTo("udf.Shout");
    // The catalog keeps its own copy, named by the SHA-256 of the jar's bytes.
    String sha256 =
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
    assertThat(function.getFunctionResources()).hasSize(1);
    ResourceUri stored = function.getFunctionResources().get(0);
    assertThat(stored.getResourceType()).isEqualTo(ResourceType.JAR);
    assertThat(stored.getUri())
        .contains(tmp.resolve("artifacts").toString())
        .endsWith("/" + sha256 + "/shout-udf.jar");
    // so the function runs, with the registered bytes, after the original is gone
    Files.delete(jar);
    assertThat(rows(later, "SELECT shout('hi')")).containsExactly("+I[HI!]");
    assertThat(List.of(later.listUserDefinedFunctions())).contains("shout");
    later.executeSql("DROP FUNCTION shout");
    assertThat(List.of(session().listUserDefinedFunctions())).doesNotContain("shout");
  }

  @Test
  void secretsAreMaskedEverywhereButReachTheConnector() {
    TableEnvironment env = session();
    env.executeSql(
        "CREATE TABLE secured (id INT) WITH ('connector' = 'capture', 'password' = 's3cret-pw',"
            + " 'properties.sasl.jaas.config' = 'PlainLoginModule password=\"jaas-pw\";',"
            + " 'user' = 'bob')");
    env.executeSql(
        "CREATE TABLE sink_t (id INT) WITH ('connector' = 'capture', 'token' = 'tkn-1')");

    TableEnvironment later = session();
    String shown = showCreate(later, "secured");
    assertThat(shown)
        .doesNotContain("s3cret-pw")
        .doesNotContain("jaas-pw")
        .contains("'password' = '******'")
        .contains("'user' = 'bob'");
    assertThat(rows(later, "DESCRIBE secured").toString()).doesNotContain("s3cret");

    later.explainSql("INSERT INTO sink_t SELECT id FROM secured");
    assertThat(CapturingConnectorFactory.OPTIONS.get("secured"))
        .containsEntry("password", "s3cret-pw")
        .containsEntry("properties.sasl.jaas.config", "PlainLoginModule password=\"jaas-pw\";");
    assertThat(CapturingConnectorFactory.OPTIONS.get("sink_t")).containsEntry("token", "tkn-1");

    // ALTER on the masked definition keeps the stored secret; a new value replaces it.
    later.executeSql("ALTER TABLE secured SET ('user' = 'alice')");
    session().explainSql("SELECT * FROM secured");
    assertThat(CapturingConnectorFactory.OPTIONS.get("secured"))
        .containsEntry("password", "s3cret-pw")
        .containsEntry("user", "alice");
    later.executeSql("ALTER TABLE secured SET ('password' = 'rotated')");
    session().explainSql("SELECT * FROM secured");
    assertThat(CapturingConnectorFactory.OPTIONS.get("secured"))
        .containsEntry("password", "rotated");

    // The printed DDL cannot silently store the mask as a password.
    assertThatThrownBy(() -> later.executeSql(shown.replace("`secured`", "`copy_of_secured`")))
        .hasStackTraceContaining("masked value");
  }

  @Test
  void concurrentAltersGetOneSuccessAndOneConflict() throws Exception {
    session().executeSql("CREATE TABLE shared (id INT) WITH ('connector' = 'capture')");
    TableEnvironment sessionB = session();
    AtomicBoolean interleaved = new AtomicBoolean();

    // Session A's catalog lets session B commit its ALTER between A's read and A's write.
    TableEnvironment sessionA = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    StreamkitCatalog pausing =
        new StreamkitCatalog(
            "sk",
            db,
            StreamkitCatalogFactory.jdbcSettings(Configuration.fromMap(catalogOptions())),
            List.of(),
            100,
            StreamkitCatalogOptions.ARTIFACTS_DIR.defaultValue(),
            getClass().getClassLoader()) {
          @Override
          public void alterTable(
              ObjectPath path, CatalogBaseTable newTable, List<TableChange> changes, boolean ignore)
              throws TableNotExistException {
            if (interleaved.compareAndSet(false, true)) {
              sessionB.executeSql("ALTER TABLE shared SET ('owner' = 'b')");
            }
            super.alterTable(path, newTable, changes, ignore);
          }
        };
    sessionA.registerCatalog("sk", pausing);
    sessionA.useCatalog("sk");
    sessionA.useDatabase(db);
    sessions.add(sessionA);

    assertThatThrownBy(() -> sessionA.executeSql("ALTER TABLE shared SET ('owner' = 'a')"))
        .hasStackTraceContaining("Concurrent change")
        .hasStackTraceContaining("was changed by another session");
    assertThat(showCreate(session(), "shared")).contains("'owner' = 'b'");

    // Re-running applies A's change on top of B's: nothing lost.
    sessionA.executeSql("ALTER TABLE shared SET ('reviewer' = 'a')");
    assertThat(showCreate(session(), "shared"))
        .contains("'owner' = 'b'")
        .contains("'reviewer' = 'a'");
  }

  @Test
  void cachedTablesSeeOtherWritersAtOnce() {
    TableEnvironment reader = session();
    reader.executeSql("CREATE TABLE hot (id INT) WITH ('connector' = 'capture')");
    assertThat(reader.from("hot").getResolvedSchema().getColumnNames()).containsExactly("id");

    session().executeSql("ALTER TABLE hot ADD name STRING");
    assertThat(reader.from("hot").getResolvedSchema().getColumnNames())
        .containsExactly("id", "name");
    session().executeSql("DROP TABLE hot");
    assertThatThrownBy(() -> reader.from("hot")).hasMessageContaining("not found");
  }

  @Test
  void catalogStoreKeepsCatalogsAcrossSessions() {
    Configuration conf = new Configuration();
    conf.setString("table.catalog-store.kind", "streamkit");
    connectionOptions().forEach((k, v) -> conf.setString("table.catalog-store.streamkit." + k, v));
    String name = "stored_" + db;

    TableEnvironment first =
        TableEnvironment.create(
            EnvironmentSettings.newInstance().inBatchMode().withConfiguration(conf).build());
    first.executeSql("CREATE CATALOG " + name + " WITH (" + withClause(catalogOptions()) + ")");
    first.executeSql(
        "CREATE TABLE " + name + "." + db + ".kept (id INT) WITH ('connector' = 'capture')");

    TableEnvironment second =
        TableEnvironment.create(
            EnvironmentSettings.newInstance().inBatchMode().withConfiguration(conf).build());
    assertThat(List.of(second.listCatalogs())).contains(name);
    second.useCatalog(name);
    second.useDatabase(db);
    assertThat(List.of(second.listTables())).containsExactly("kept");
    second.useCatalog("default_catalog");
    second.executeSql("DROP CATALOG " + name);

    TableEnvironment third =
        TableEnvironment.create(
            EnvironmentSettings.newInstance().inBatchMode().withConfiguration(conf).build());
    assertThat(List.of(third.listCatalogs())).doesNotContain(name);
  }

  @Test
  void descriptorApiWorksToo() throws Exception {
    // Creating the catalog through the Table API, as the CLI does.
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    env.createCatalog("api", CatalogDescriptor.of("api", Configuration.fromMap(catalogOptions())));
    assertThat(env.getCatalog("api").orElseThrow().listDatabases()).contains(db, "default");
    env.executeSql("DROP CATALOG api");
  }

  /** Compiles a ScalarFunction into a jar, as a user would upload it. */
  @Test
  void modelsRoundTripThroughSqlWithSecretsMasked() throws Exception {
    session()
        .executeSql(
            "CREATE MODEL sentiment INPUT (text STRING COMMENT 'the review') OUTPUT (label STRING)"
                + " COMMENT 'reviews' WITH ('provider' = 'openai', 'openai.api-key' = 'sk-real',"
                + " 'task' = 'classification')");

    TableEnvironment later = session();
    assertThat(rows(later, "SHOW MODELS")).containsExactly("+I[sentiment]");
    String shown =
        (String)
            CollectionUtil.iteratorToList(later.executeSql("SHOW CREATE MODEL sentiment").collect())
                .get(0)
                .getField(0);
    assertThat(shown)
        .contains("INPUT (`text` VARCHAR(2147483647) COMMENT 'the review')")
        .contains("OUTPUT (`label` VARCHAR(2147483647))")
        .contains("COMMENT 'reviews'")
        .contains("'openai.api-key' = '******'")
        .contains("'task' = 'classification'")
        .doesNotContain("sk-real");

    later.executeSql("ALTER MODEL sentiment SET ('task' = 'text_generation')");
    later.executeSql("ALTER MODEL sentiment RENAME TO reviews");
    TableEnvironment third = session();
    assertThat(rows(third, "SHOW MODELS")).containsExactly("+I[reviews]");
    StreamkitCatalog catalog = (StreamkitCatalog) third.getCatalog("sk").orElseThrow();
    assertThat(
            catalog.storedModelOptions(
                new org.apache.flink.table.catalog.ObjectPath(db, "reviews")))
        .containsEntry("openai.api-key", "sk-real")
        .containsEntry("task", "text_generation");
    third.executeSql("DROP MODEL reviews");
    assertThat(rows(session(), "SHOW MODELS")).isEmpty();
  }

  @Test
  void aModelPredictsThroughItsProviderWhichGetsTheRealSecret() throws Exception {
    session()
        .executeSql(
            "CREATE MODEL shouter INPUT (text STRING) OUTPUT (label STRING) WITH ("
                + "'provider' = 'capture', 'capture.api-key' = 'sk-model-secret')");

    // ML_PREDICT is planned in streaming mode only (Flink 2.2).
    TableEnvironment later = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    later.executeSql("CREATE CATALOG sk WITH (" + withClause(catalogOptions()) + ")");
    later.useCatalog("sk");
    later.useDatabase(db);
    sessions.add(later);
    later.executeSql(
        "CREATE TEMPORARY VIEW reviews AS SELECT * FROM (VALUES ('good'), ('bad')) AS t(text)");
    List<String> predicted =
        rows(
            later,
            "SELECT text, label FROM ML_PREDICT(TABLE reviews, MODEL shouter, DESCRIPTOR(text))");
    assertThat(predicted).containsExactlyInAnyOrder("+I[good, GOOD]", "+I[bad, BAD]");
    assertThat(CapturingModelProviderFactory.OPTIONS.get("shouter"))
        .as("the provider gets the stored secret, not the mask")
        .containsEntry("capture.api-key", "sk-model-secret");
  }

  @Test
  void analyzeTableStoresStatisticsThePlannerThenUses() throws Exception {
    TableEnvironment env = session();
    env.executeSql(
        "CREATE TABLE visits (id BIGINT, page STRING, ok BOOLEAN) WITH ('connector' = 'datagen',"
            + " 'number-of-rows' = '250', 'fields.page.length' = '8')");
    env.executeSql("ANALYZE TABLE visits COMPUTE STATISTICS FOR ALL COLUMNS").await();

    TableEnvironment later = session();
    StreamkitCatalog catalog = (StreamkitCatalog) later.getCatalog("sk").orElseThrow();
    org.apache.flink.table.catalog.ObjectPath path =
        new org.apache.flink.table.catalog.ObjectPath(db, "visits");
    assertThat(catalog.getTableStatistics(path).getRowCount()).isEqualTo(250);
    assertThat(catalog.getTableColumnStatistics(path).getColumnStatisticsData())
        .containsKeys("id", "page", "ok");
    assertThat(
            ((org.apache.flink.table.catalog.stats.CatalogColumnStatisticsDataString)
                    catalog.getTableColumnStatistics(path).getColumnStatisticsData().get("page"))
                .getMaxLength())
        .isEqualTo(8);
    // The planner reads them: its row-count estimate for the scan is the analyzed count.
    String plan =
        later.explainSql(
            "SELECT * FROM visits", org.apache.flink.table.api.ExplainDetail.ESTIMATED_COST);
    assertThat(plan).contains("rowcount = 250.0");
  }

  private static Path compileUdfJar() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("udf-src/udf"));
    Files.writeString(
        src.resolve("Shout.java"),
        "package udf;\n"
            + "public class Shout extends org.apache.flink.table.functions.ScalarFunction {\n"
            + "  public String eval(String s) { return s.toUpperCase() + \"!\"; }\n"
            + "}\n");
    Path classes = Files.createDirectories(tmp.resolve("udf-classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc =
        javac.run(
            null,
            null,
            null,
            "-cp",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString(),
            src.resolve("Shout.java").toString());
    assertThat(rc).isZero();
    Path jar = tmp.resolve("shout-udf.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("udf/Shout.class"));
      out.write(Files.readAllBytes(classes.resolve("udf/Shout.class")));
      out.closeEntry();
    }
    return jar;
  }
}
