package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKey;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCipherTest {
  @TempDir Path tmp;

  @Test
  void valuesRoundTripAndCarryTheirKeyId() throws Exception {
    SecretKey key = SecretCipher.newDataKey();
    String sealed = SecretCipher.encrypt(key, "k1", "s3cret-pw ü");

    assertThat(sealed).startsWith("enc:v1:k1:").doesNotContain("s3cret");
    assertThat(SecretCipher.isEncrypted(sealed)).isTrue();
    assertThat(SecretCipher.isEncrypted("s3cret-pw")).isFalse();
    assertThat(SecretCipher.keyIdOf(sealed)).isEqualTo("k1");
    assertThat(SecretCipher.decrypt(key, sealed)).isEqualTo("s3cret-pw ü");
    assertThat(SecretCipher.encrypt(key, "k1", "s3cret-pw ü"))
        .as("a random IV per value")
        .isNotEqualTo(sealed);
  }

  @Test
  void aWrongKeyATamperedValueOrAMovedKeyIdIsRefused() {
    SecretKey key = SecretCipher.newDataKey();
    String sealed = SecretCipher.encrypt(key, "k1", "s3cret-pw");

    assertThatThrownBy(() -> SecretCipher.decrypt(SecretCipher.newDataKey(), sealed))
        .isInstanceOf(SecretCipher.BadKeyOrDataException.class);

    byte[] bytes = Base64.getDecoder().decode(sealed.substring("enc:v1:k1:".length()));
    bytes[bytes.length / 2] ^= 1;
    String tampered = "enc:v1:k1:" + Base64.getEncoder().encodeToString(bytes);
    assertThatThrownBy(() -> SecretCipher.decrypt(key, tampered))
        .isInstanceOf(SecretCipher.BadKeyOrDataException.class);

    String otherId = sealed.replace("enc:v1:k1:", "enc:v1:k2:");
    assertThatThrownBy(() -> SecretCipher.decrypt(key, otherId))
        .as("the key id is authenticated")
        .isInstanceOf(SecretCipher.BadKeyOrDataException.class);
  }

  @Test
  void theDataKeyIsWrappedWithTheMasterKeyOnly() throws Exception {
    SecretKey master = SecretCipher.newDataKey();
    SecretKey data = SecretCipher.newDataKey();
    String wrapped = SecretCipher.wrap(master, "k1", data);

    assertThat(Base64.getDecoder().decode(wrapped)).hasSize(12 + 32 + 16); // IV, key, tag
    assertThat(wrapped).doesNotContain(Base64.getEncoder().encodeToString(data.getEncoded()));
    assertThat(SecretCipher.unwrap(master, "k1", wrapped).getEncoded())
        .isEqualTo(data.getEncoded());
    assertThatThrownBy(() -> SecretCipher.unwrap(SecretCipher.newDataKey(), "k1", wrapped))
        .isInstanceOf(SecretCipher.BadKeyOrDataException.class);
  }

  @Test
  void masterKeysComeFromAFileAnEnvironmentVariableOrAKeystore() throws Exception {
    byte[] raw = SecretCipher.newDataKey().getEncoded();
    String base64 = Base64.getEncoder().encodeToString(raw);
    Path file = tmp.resolve("key");
    Files.writeString(file, base64 + "\n", StandardCharsets.US_ASCII);

    MasterKey fromFile =
        MasterKey.fromOptions(
                Configuration.fromMap(Map.of("secret-key.file", file.toString())), "", Map.of())
            .orElseThrow();
    assertThat(fromFile.key().getEncoded()).isEqualTo(raw);
    assertThat(fromFile.source()).isEqualTo("secret-key.file (" + file + ")");

    MasterKey fromEnv =
        MasterKey.fromOptions(
                Configuration.fromMap(Map.of("secret-key.env", "SK_KEY")),
                "",
                Map.of("SK_KEY", base64))
            .orElseThrow();
    assertThat(fromEnv.key().getEncoded()).isEqualTo(raw);

    Path p12 = tmp.resolve("k.p12");
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setEntry(
        "streamkit",
        new java.security.KeyStore.SecretKeyEntry(new javax.crypto.spec.SecretKeySpec(raw, "AES")),
        new java.security.KeyStore.PasswordProtection("ks-pw".toCharArray()));
    try (var out = Files.newOutputStream(p12)) {
      store.store(out, "ks-pw".toCharArray());
    }
    MasterKey fromKeystore =
        MasterKey.fromOptions(
                Configuration.fromMap(
                    Map.of(
                        "secret-key.keystore.path",
                        p12.toString(),
                        "secret-key.keystore.password",
                        "ks-pw")),
                "",
                Map.of())
            .orElseThrow();
    assertThat(fromKeystore.key().getEncoded()).isEqualTo(raw);
    assertThat(MasterKey.fromOptions(new Configuration(), "", Map.of())).isEmpty();
  }

  @Test
  void aBadKeyIsRefusedNamingTheOptionButNeverShowingTheKey() throws Exception {
    Path shortKey = tmp.resolve("short");
    Files.writeString(shortKey, "c2hvcnQta2V5LXZhbHVl");
    assertThatThrownBy(
            () ->
                MasterKey.fromOptions(
                    Configuration.fromMap(Map.of("secret-key.file", shortKey.toString())),
                    "",
                    Map.of()))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("secret-key.file (" + shortKey + ")")
        .hasMessageContaining("not 32")
        .hasMessageNotContaining("c2hvcnQta2V5LXZhbHVl");
    assertThatThrownBy(
            () ->
                MasterKey.fromOptions(
                    Configuration.fromMap(Map.of("secret-key.env", "NOPE")), "", Map.of()))
        .hasMessageContaining("secret-key.env (NOPE)");
    assertThatThrownBy(
            () ->
                MasterKey.fromOptions(
                    Configuration.fromMap(
                        Map.of("secret-key.env", "A", "secret-key.file", shortKey.toString())),
                    "",
                    Map.of()))
        .hasMessageContaining("one place only");
  }
}
