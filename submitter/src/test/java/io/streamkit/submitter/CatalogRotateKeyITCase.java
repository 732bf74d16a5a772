package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamkit catalog rotate-key} on an H2 file catalog, as a user runs it: plain-text secrets
 * encrypted under a first key, then rotated to a second; after it the old key is refused naming the
 * option, the new one opens the catalog, and the metadata database never holds a secret or a key.
 */
class CatalogRotateKeyITCase {
  @TempDir Path dir;

  private final String password = "jaas-pw-" + UUID.randomUUID();

  private String url() {
    return "jdbc:h2:file:" + dir.resolve("catalog").toAbsolutePath() + ";AUTO_SERVER=TRUE";
  }

  private CliRun cli(Path key, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-D", "streamkit.catalog.url=" + url()));
    if (key != null) {
      all.addAll(List.of("-D", "streamkit.catalog.secret-key.file=" + key));
    }
    return CliRun.of(all.toArray(String[]::new));
  }

  private CliRun sql(Path key, String script) throws Exception {
    Path file = Files.writeString(dir.resolve(UUID.randomUUID() + ".sql"), script);
    return cli(key, "sql", "run", file.toString());
  }

  private Path newKey(String name) throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Files.writeString(
        dir.resolve(name), Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
  }

  /** Every value of every table of the catalog database. */
  private String dump() throws Exception {
    StringBuilder all = new StringBuilder();
    try (Connection c = DriverManager.getConnection(url(), "", "")) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", "%", null)) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      for (String table : tables) {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          while (rs.next()) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
              all.append(rs.getString(i)).append(' ');
            }
            all.append('\n');
          }
        }
      }
    }
    return all.toString();
  }

  @Test
  void rotateKeyEncryptsPlainTextThenRotatesAndOnlyTheNewKeyOpensTheCatalog() throws Exception {
    CliRun created =
        sql(
            null,
            "CREATE TABLE secured (id INT) WITH ('connector' = 'kafka', 'topic' = 't',"
                + " 'properties.bootstrap.servers' = 'localhost:9', 'format' = 'json',"
                + " 'properties.sasl.jaas.config' = 'PlainLoginModule required password=\""
                + password
                + "\";');\n");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(dump()).as("no key yet: plain text, as before").contains(password);

    Path first = newKey("first.key");
    CliRun enabled = cli(null, "catalog", "rotate-key", "--new-key-file", first.toString());
    assertThat(enabled.exitCode()).as(enabled.toString()).isZero();
    assertThat(enabled.out())
        .startsWith("Created data key ")
        .contains("new secret-key.file (" + first + ")");
    assertThat(dump()).doesNotContain(password).contains("enc:v1:");

    Path second = newKey("second.key");
    CliRun rotated = cli(first, "catalog", "rotate-key", "--new-key-file", second.toString());
    assertThat(rotated.exitCode()).as(rotated.toString()).isZero();
    assertThat(rotated.out())
        .startsWith("Rotated data key ")
        .contains("re-encrypted 1 secret values in 1 rows")
        .doesNotContain(Files.readString(first), Files.readString(second));
    String dump = dump();
    assertThat(dump)
        .doesNotContain(password)
        .doesNotContain(Files.readString(first))
        .doesNotContain(Files.readString(second));

    CliRun old = sql(first, "SHOW TABLES;\n");
    assertThat(old.exitCode()).isEqualTo(1);
    assertThat(old.err())
        .contains("Cannot decrypt the catalog's data key")
        .contains("secret-key.file (" + first + "): wrong key?")
        .doesNotContain(Files.readString(first))
        .doesNotContain("\tat ");
    CliRun none = sql(null, "SHOW TABLES;\n");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err()).contains("no key is configured").contains("secret-key.file");

    CliRun shown = sql(second, "SHOW CREATE TABLE secured;\n");
    assertThat(shown.exitCode()).as(shown.toString()).isZero();
    assertThat(shown.out()).contains("'properties.sasl.jaas.config' = '******'");

    CliRun usage = cli(second, "catalog", "rotate-key");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.err()).contains("exactly one of --new-key-file");
  }
}
