package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.junit.jupiter.api.Test;

class SecretsTest {
  private final Secrets secrets = new Secrets(List.of("Signature"));

  @Test
  void recognizesFlinksSensitiveKeysAndExtraOnes() {
    assertThat(secrets.isSecret("password")).isTrue();
    assertThat(secrets.isSecret("properties.sasl.jaas.config")).isTrue();
    assertThat(secrets.isSecret("s3.secret-key")).isTrue();
    assertThat(secrets.isSecret("http.auth.TOKEN")).isTrue();
    assertThat(secrets.isSecret("url.signature")).isTrue();
    assertThat(secrets.isSecret("username")).isFalse();
    assertThat(secrets.isSecret("topic")).isFalse();
  }

  @Test
  void masksAndUnmasks() {
    Map<String, String> stored = Map.of("password", "pw", "user", "u");
    Map<String, String> masked = secrets.mask(stored);
    assertThat(masked).containsEntry("password", Secrets.MASK).containsEntry("user", "u");
    assertThat(Secrets.unmask(masked, stored)).isEqualTo(stored);
    assertThat(Secrets.unmask(Map.of("password", "new"), stored)).containsEntry("password", "new");
  }

  @Test
  void aMaskedSecretIsRefusedButAMaskedOrdinaryValueIsNot() {
    assertThatThrownBy(
            () ->
                secrets.rejectMasked(
                    "db.copy", Map.of("user", "bob", "url.signature", Secrets.MASK)))
        .isInstanceOf(CatalogException.class)
        .hasMessage(
            "Option 'url.signature' of db.copy has the masked value '******', probably copied from"
                + " SHOW CREATE TABLE or CREATE TABLE ... LIKE. Give the real value in the WITH"
                + " clause.");
    secrets.rejectMasked("db.t", Map.of("comment", Secrets.MASK, "password", "real"));
  }

  @Test
  void theCatalogDatabaseUrlIsShownWithTheSharedRedactionRule() {
    JdbcSettings settings =
        new JdbcSettings(
            "jdbc:postgresql://u:pw@h/db?sslkey=/k.pem&password=p1",
            "u",
            "p2",
            java.time.Duration.ofSeconds(1),
            1);
    assertThat(settings.redactedUrl())
        .isEqualTo("jdbc:postgresql://u:******@h/db?sslkey=******&password=******");
    assertThat(settings.toString()).doesNotContain("pw", "k.pem", "p1", "p2");
  }
}
