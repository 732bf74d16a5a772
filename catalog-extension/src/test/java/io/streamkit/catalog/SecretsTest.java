package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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
  void redactsPasswordsInJdbcUrls() {
    assertThat(JdbcSettings.redact("jdbc:mysql://h/db?user=a&password=p1&x=1"))
        .isEqualTo("jdbc:mysql://h/db?user=a&password=******&x=1");
    assertThat(JdbcSettings.redact("jdbc:h2:file:/x;PASSWORD=p2"))
        .isEqualTo("jdbc:h2:file:/x;PASSWORD=******");
  }
}
