package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamkit.testkit.Kafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogDescriptor;
import org.apache.flink.table.catalog.CatalogFunctionImpl;
import org.apache.flink.table.catalog.FunctionLanguage;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.factories.FactoryUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets encrypted at rest (docs/catalog.md#encryption-at-rest), on each metadata database
 * (subclasses): no secret in any column of any table, yet the connector, the model provider and the
 * catalog's own Kafka client get the real ones; plain text migrated once a key is given; rotation;
 * a missing or wrong key refused naming the option. Each test has a metadata database of its own.
 */
abstract class EncryptedCatalogITCase {
  private static final String KAFKA_PASSWORD = "kafka-Pa55-" + UUID.randomUUID();
  private static final AtomicInteger COUNTER = new AtomicInteger();

  @RegisterExtension static final Kafka KAFKA = Kafka.withSaslPlain("flink", KAFKA_PASSWORD);

  @TempDir Path tmp;

  /** Creates an empty metadata database; its url and username catalog options. */
  protected abstract Map<String, String> newMetadataDatabase(String name);

  private Map<String, String> connection;
  private final List<TableEnvironment> sessions = new ArrayList<>();
  private final List<Catalog> catalogs = new ArrayList<>();

  private final String tablePassword = "tbl-pw-" + UUID.randomUUID();
  private final String modelKey = "model-key-" + UUID.randomUUID();

  @BeforeEach
  void newDatabase() {
    connection = newMetadataDatabase("enc_" + COUNTER.incrementAndGet());
  }

  @AfterEach
  void close() {
    for (TableEnvironment env : sessions) {
      env.useCatalog("default_catalog");
      env.executeSql("DROP CATALOG IF EXISTS sk");
    }
    catalogs.forEach(Catalog::close);
  }

  private Path newKey(String name) throws Exception {
    return Files.writeString(
        tmp.resolve(name),
        Base64.getEncoder().encodeToString(SecretCipher.newDataKey().getEncoded()) + "\n",
        StandardCharsets.US_ASCII);
  }

  private Map<String, String> catalogOptions(Path key) {
    Map<String, String> options = new HashMap<>(connection);
    options.put("type", "streamkit");
    options.put("artifacts-dir", tmp.resolve("artifacts").toString());
    if (key != null) {
      options.put("secret-key.file", key.toString());
    }
    return options;
  }

  /** A new session with a new catalog instance, {@code key} (null: none) as its master key. */
  private TableEnvironment session(Path key) {
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    env.executeSql(
        "CREATE CATALOG sk WITH (" + CatalogContractITCase.withClause(catalogOptions(key)) + ")");
    env.useCatalog("sk");
    sessions.add(env);
    return env;
  }

  /** A catalog opened through its factory, so that open's own exception is seen. */
  private StreamkitCatalog catalog(Path key) {
    Catalog catalog =
        FactoryUtil.createCatalog(
            "sk", catalogOptions(key), new Configuration(), getClass().getClassLoader());
    catalog.open();
    catalogs.add(catalog);
    return (StreamkitCatalog) catalog;
  }

  private void createSecrets(TableEnvironment env) {
    env.executeSql("CREATE DATABASE app");
    env.executeSql(
        "CREATE TABLE app.secured (id INT) WITH ('connector' = 'capture', 'password' = '"
            + tablePassword
            + "', 'user' = 'bob')");
    env.executeSql(
        "CREATE MODEL app.shouter INPUT (text STRING) OUTPUT (label STRING) WITH ("
            + "'provider' = 'capture', 'capture.api-key' = '"
            + modelKey
            + "')");
  }

  private void createKafkaDatabase(TableEnvironment env) {
    env.executeSql(
        "CREATE DATABASE cluster WITH ('kind' = 'kafka', 'properties.bootstrap.servers' = '"
            + KAFKA.bootstrapServers()
            + "', 'properties.security.protocol' = 'SASL_PLAINTEXT',"
            + " 'properties.sasl.mechanism' = 'PLAIN', 'properties.sasl.jaas.config' = '"
            + KAFKA.saslJaasConfig().replace("'", "''")
            + "')");
  }

  /** The connector, the model provider and the catalog's Kafka client get the real secrets. */
  private void assertSecretsReachTheirUsers(Path key) throws Exception {
    TableEnvironment env = session(key);
    env.explainSql("SELECT * FROM app.secured");
    assertThat(CapturingConnectorFactory.OPTIONS.get("secured"))
        .containsEntry("password", tablePassword)
        .containsEntry("user", "bob");
    StreamkitCatalog catalog = (StreamkitCatalog) env.getCatalog("sk").orElseThrow();
    assertThat(catalog.storedModelOptions(new ObjectPath("app", "shouter")))
        .containsEntry("capture.api-key", modelKey);
    assertThat(CatalogContractITCase.showCreate(env, "app.secured"))
        .contains("'password' = '******'")
        .doesNotContain(tablePassword);
  }

  /** Every value of every column of every table of the metadata database, as text. */
  private String dump() throws Exception {
    Properties props = new Properties();
    if (connection.containsKey("username")) {
      props.setProperty("user", connection.get("username"));
      props.setProperty("password", "");
    }
    StringBuilder all = new StringBuilder();
    try (Connection c = DriverManager.getConnection(connection.get("url"), props)) {
      DatabaseMetaData meta = c.getMetaData();
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = meta.getTables(c.getCatalog(), null, "%", null)) {
        while (rs.next()) {
          String schema = String.valueOf(rs.getString("TABLE_SCHEM")).toLowerCase(Locale.ROOT);
          String type = String.valueOf(rs.getString("TABLE_TYPE")).toUpperCase(Locale.ROOT);
          if (type.contains("TABLE")
              && !type.contains("SYSTEM")
              && !schema.equals("information_schema")
              && !schema.startsWith("pg_")) {
            tables.add(rs.getString("TABLE_NAME"));
          }
        }
      }
      assertThat(tables.stream().map(t -> t.toLowerCase(Locale.ROOT)))
          .contains("sk_object", "sk_database", "sk_model", "sk_catalog", "sk_data_key");
      for (String table : tables) {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData columns = rs.getMetaData();
          while (rs.next()) {
            all.append(table).append(':');
            for (int i = 1; i <= columns.getColumnCount(); i++) {
              all.append(' ').append(rs.getString(i));
            }
            all.append('\n');
          }
        }
      }
    }
    return all.toString();
  }

  private static void assertHoldsNone(String dump, String... secrets) {
    for (String secret : secrets) {
      String base64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
      assertThat(dump)
          .as("the metadata database holds no trace of a secret")
          .doesNotContain(secret)
          .doesNotContain(base64.substring(0, base64.length() - 4));
    }
  }

  @Test
  void noSecretIsStoredInPlainTextYetEachReachesWhereItIsNeeded() throws Exception {
    Path key = newKey("key");
    TableEnvironment env = session(key);
    createSecrets(env);
    createKafkaDatabase(env);
    String topic = "orders_" + COUNTER.incrementAndGet();
    KAFKA.createTopic(topic, 1);

    // Function options, the catalog store's catalog options and job-run options too.
    StreamkitCatalog catalog = catalog(key);
    String functionToken = "fn-token-" + UUID.randomUUID();
    catalog.createFunction(
        new ObjectPath("app", "f"),
        new CatalogFunctionImpl(
            "com.example.F", FunctionLanguage.JAVA, List.of(), Map.of("api-token", functionToken)),
        false);
    String storedCatalogPassword = "store-pw-" + UUID.randomUUID();
    StreamkitCatalogStore catalogStore =
        new StreamkitCatalogStore(
            StreamkitCatalogFactory.jdbcSettings(Configuration.fromMap(catalogOptions(key))),
            MasterKey.fromFile(key, "secret-key.file"),
            getClass().getClassLoader());
    catalogStore.open();
    catalogStore.storeCatalog(
        "jdbc_cat",
        CatalogDescriptor.of(
            "jdbc_cat",
            Configuration.fromMap(Map.of("type", "jdbc", "password", storedCatalogPassword))));
    String jobPassword = "job-pw-" + UUID.randomUUID();
    try (JobRunStore runs =
        JobRunStore.open(Configuration.fromMap(catalogOptions(key)), getClass().getClassLoader())) {
      runs.put(
          new JobRunStore.JobRun(
              "run-1",
              "job",
              null,
              "local",
              "RUNNING",
              "x.sql",
              "SELECT 1",
              "h",
              "SELECT 1",
              "{\"streamkit.catalog.password\":\"" + jobPassword + "\",\"parallelism\":\"2\"}",
              "{}",
              false,
              null,
              null,
              null,
              1L,
              null,
              1L));
      assertThat(runs.all().get(0).options()).contains(jobPassword).contains("parallelism");
    }

    String dump = dump();
    assertThat(dump).contains("enc:v1:").contains("'user'".replace("'", "")).contains("bob");
    assertHoldsNone(
        dump,
        tablePassword,
        modelKey,
        KAFKA_PASSWORD,
        functionToken,
        storedCatalogPassword,
        jobPassword);
    assertThat(dump)
        .as("the master key is not in the database either")
        .doesNotContain(Files.readString(key).trim());

    assertSecretsReachTheirUsers(key);
    TableEnvironment later = session(key);
    assertThat(List.of(later.listTables("sk", "cluster")))
        .as("the catalog lists the topics with the decrypted credentials")
        .contains(topic);
    StreamkitCatalog reopened = catalog(key);
    assertThat(reopened.storedOptions(new ObjectPath("cluster", topic)))
        .containsEntry("properties.sasl.jaas.config", KAFKA.saslJaasConfig());
    assertThat(reopened.getFunction(new ObjectPath("app", "f")).getOptions())
        .containsEntry("api-token", functionToken);
    assertThat(catalogStore.getCatalog("jdbc_cat").orElseThrow().getConfiguration().toMap())
        .containsEntry("password", storedCatalogPassword);
    catalogStore.close();
  }

  @Test
  void plainTextSecretsAreEncryptedOnceAKeyIsGivenAndThenNeedTheKey() throws Exception {
    createSecrets(session(null));
    assertThat(dump()).as("without a key, plain text as before").contains(tablePassword);

    Path key = newKey("key");
    catalog(key); // opening with a key migrates
    String migrated = dump();
    assertHoldsNone(migrated, tablePassword, modelKey);
    assertThat(migrated).contains("enc:v1:");
    assertSecretsReachTheirUsers(key);
    catalog(key);
    assertThat(dump().lines().filter(l -> l.startsWith("sk_object")).toList())
        .as("migrating again changes nothing")
        .isEqualTo(migrated.lines().filter(l -> l.startsWith("sk_object")).toList());

    assertThatThrownBy(() -> catalog(null))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("stores its secrets encrypted, and no key is configured")
        .hasMessageContaining("secret-key.file");
    Path wrong = newKey("wrong");
    assertThatThrownBy(() -> catalog(wrong))
        .isInstanceOf(CatalogException.class)
        .hasMessageStartingWith("Cannot decrypt the catalog's data key")
        .hasMessageContaining("with the key from secret-key.file (" + wrong + "): wrong key?")
        .hasMessageNotContaining(Files.readString(wrong).trim())
        .hasNoCause();
  }

  @Test
  void rotationReencryptsEverySecretAndTheOldKeyNoLongerOpensTheCatalog() throws Exception {
    Path oldKey = newKey("old");
    TableEnvironment env = session(oldKey);
    createSecrets(env);
    createKafkaDatabase(env);
    String before = dump();
    TableEnvironment openedBefore = session(oldKey);
    openedBefore.listDatabases();

    Path newKey = newKey("new");
    String done = catalog(oldKey).rotateSecretKey(Map.of("secret-key.file", newKey.toString()));
    assertThat(done)
        .startsWith("Rotated data key ")
        .contains("re-encrypted 3 secret values in 3 rows")
        .contains("new secret-key.file (" + newKey + ")")
        .doesNotContain(Files.readString(newKey).trim(), Files.readString(oldKey).trim());

    String after = dump();
    assertHoldsNone(after, tablePassword, modelKey, KAFKA_PASSWORD);
    assertThat(after).isNotEqualTo(before);
    assertThatThrownBy(() -> catalog(oldKey))
        .hasMessageContaining("Cannot decrypt the catalog's data key")
        .hasMessageContaining("secret-key.file (" + oldKey + ")");
    assertThatThrownBy(
            () ->
                openedBefore.executeSql(
                    "CREATE TABLE app.late (id INT) WITH ('connector' = 'capture', 'token' = 't')"))
        .as("a catalog opened with the old key cannot write secrets under the retired data key")
        .hasStackTraceContaining("Reopen the catalog with the current key");

    assertSecretsReachTheirUsers(newKey);
    assertThat(List.of(session(newKey).listTables("sk", "cluster"))).isNotNull();
  }
}
