package io.streamkit.catalog;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of {@code CREATE CATALOG c WITH ('type' = 'streamkit', ...)}. */
public final class StreamkitCatalogOptions {
  private StreamkitCatalogOptions() {}

  public static final String IDENTIFIER = "streamkit";

  public static final ConfigOption<String> URL =
      ConfigOptions.key("url")
          .stringType()
          .defaultValue("jdbc:h2:file:~/.streamkit/catalog;AUTO_SERVER=TRUE")
          .withDescription(
              "JDBC URL of the metadata database: jdbc:h2:... (embedded), jdbc:mysql:...,"
                  + " jdbc:mariadb:... or jdbc:postgresql:....");

  public static final ConfigOption<String> USERNAME =
      ConfigOptions.key("username")
          .stringType()
          .noDefaultValue()
          .withDescription("User of the metadata database; unset, the driver's default.");

  public static final ConfigOption<String> PASSWORD =
      ConfigOptions.key("password")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Password of the metadata database; unset, the driver's default. It is never"
                  + " printed: URLs in messages have their password parameters redacted.");

  public static final ConfigOption<String> DEFAULT_DATABASE =
      ConfigOptions.key("default-database")
          .stringType()
          .defaultValue("default")
          .withDescription("Database used when none is named; created if it does not exist.");

  public static final ConfigOption<Duration> CONNECTION_TIMEOUT =
      ConfigOptions.key("connection.timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription(
              "How long to wait for a connection to the metadata database. An unreachable"
                  + " database fails within this time with a message naming the URL (without"
                  + " passwords).");

  public static final ConfigOption<Integer> POOL_MAX_SIZE =
      ConfigOptions.key("connection.pool.max-size")
          .intType()
          .defaultValue(4)
          .withDescription(
              "Maximum number of pooled (HikariCP) connections to the metadata database, per"
                  + " catalog or catalog store instance.");

  public static final ConfigOption<Long> CACHE_MAX_SIZE =
      ConfigOptions.key("cache.max-size")
          .longType()
          .defaultValue(10_000L)
          .withDescription(
              "How many decoded tables and views to keep in memory. Each use still checks the"
                  + " object's version in the database, so another writer's change is seen at once;"
                  + " 0 disables the cache.");

  public static final ConfigOption<List<String>> SECRET_KEYS =
      ConfigOptions.key("secret-keys")
          .stringType()
          .asList()
          .defaultValues()
          .withDescription(
              "Extra option-key fragments whose values are secret, separated by ';', in addition"
                  + " to password, secret, token, jaas.config, apikey, credential and Flink's other"
                  + " sensitive keys (the full list is under Secrets). Secret values are masked as"
                  + " ****** in SHOW CREATE TABLE, DESCRIBE, logs and errors and are handed to"
                  + " connectors only.");

  public static final ConfigOption<String> ARTIFACTS_DIR =
      ConfigOptions.key("artifacts-dir")
          .stringType()
          .defaultValue("~/.streamkit/artifacts")
          .withDescription(
              "Where the jars of functions (CREATE FUNCTION ... USING JAR, streamkit function"
                  + " create) are kept: a local directory, or any file system Flink can write"
                  + " (e.g. hdfs:///streamkit/artifacts) so that every cluster reads the same"
                  + " bytes. Each jar is stored under the SHA-256 of its content.");
  public static final ConfigOption<String> SECRET_KEY_FILE =
      ConfigOptions.key("secret-key.file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "File holding the master key that encrypts secret option values at rest: base64 of"
                  + " 32 bytes (openssl rand -base64 32). Unset, and without secret-key.env or"
                  + " secret-key.keystore.path, secrets are stored in plain text"
                  + " (docs/catalog.md#encryption-at-rest).");

  public static final ConfigOption<String> SECRET_KEY_ENV =
      ConfigOptions.key("secret-key.env")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Name of an environment variable holding the master key (base64 of 32 bytes), as an"
                  + " alternative to secret-key.file.");

  public static final ConfigOption<String> SECRET_KEY_KEYSTORE_PATH =
      ConfigOptions.key("secret-key.keystore.path")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "PKCS12 keystore holding the master key as an AES-256 secret key entry (keytool"
                  + " -genseckey), as an alternative to secret-key.file.");

  public static final ConfigOption<String> SECRET_KEY_KEYSTORE_PASSWORD =
      ConfigOptions.key("secret-key.keystore.password")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Password of the keystore of secret-key.keystore.path and of its key entry; unset,"
                  + " an empty password.");

  public static final ConfigOption<String> SECRET_KEY_KEYSTORE_ALIAS =
      ConfigOptions.key("secret-key.keystore.alias")
          .stringType()
          .defaultValue("streamkit")
          .withDescription("Alias of the master key's entry in secret-key.keystore.path.");
}
