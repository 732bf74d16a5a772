package io.streamkit.catalog;

import static io.streamkit.catalog.StreamkitCatalogOptions.SECRET_KEY_ENV;
import static io.streamkit.catalog.StreamkitCatalogOptions.SECRET_KEY_FILE;
import static io.streamkit.catalog.StreamkitCatalogOptions.SECRET_KEY_KEYSTORE_ALIAS;
import static io.streamkit.catalog.StreamkitCatalogOptions.SECRET_KEY_KEYSTORE_PASSWORD;
import static io.streamkit.catalog.StreamkitCatalogOptions.SECRET_KEY_KEYSTORE_PATH;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.catalog.exceptions.CatalogException;

/**
 * The master key that wraps the metadata database's data key ({@link DataKeys}), read from outside
 * the database: a file or an environment variable holding base64 of 32 bytes, or an AES entry of a
 * PKCS12 keystore. {@link #source()} names where it came from, for messages; the key itself is
 * never printed.
 */
final class MasterKey {
  private final SecretKey key;
  private final String source;

  MasterKey(SecretKey key, String source) {
    this.key = key;
    this.source = source;
  }

  SecretKey key() {
    return key;
  }

  /** Where the key came from, e.g. {@code secret-key.file (/etc/streamkit/key)}. */
  String source() {
    return source;
  }

  @Override
  public String toString() {
    return "MasterKey{" + source + "}";
  }

  /** The key the catalog options name, or empty when they name none (secrets in plain text). */
  static Optional<MasterKey> fromOptions(ReadableConfig options) {
    return fromOptions(options, "", System.getenv());
  }

  /**
   * The key named by options under {@code prefix} (empty for catalog options; the CLI's {@code
   * --new-key-*} use their own names). {@code env} is the process environment.
   */
  static Optional<MasterKey> fromOptions(
      ReadableConfig options, String prefix, Map<String, String> env) {
    Optional<String> file = options.getOptional(SECRET_KEY_FILE);
    Optional<String> var = options.getOptional(SECRET_KEY_ENV);
    Optional<String> keystore = options.getOptional(SECRET_KEY_KEYSTORE_PATH);
    List<String> given = new ArrayList<>();
    file.ifPresent(f -> given.add(prefix + SECRET_KEY_FILE.key()));
    var.ifPresent(v -> given.add(prefix + SECRET_KEY_ENV.key()));
    keystore.ifPresent(k -> given.add(prefix + SECRET_KEY_KEYSTORE_PATH.key()));
    if (given.size() > 1) {
      throw new CatalogException(
          "Give the catalog's key in one place only, not in " + String.join(" and ", given) + ".");
    }
    if (file.isPresent()) {
      return Optional.of(fromFile(Path.of(file.get()), prefix + SECRET_KEY_FILE.key()));
    }
    if (var.isPresent()) {
      String option = prefix + SECRET_KEY_ENV.key() + " (" + var.get() + ")";
      String value = env.get(var.get());
      if (value == null || value.isBlank()) {
        throw new CatalogException(
            "The environment variable named by " + option + " is not set or empty.");
      }
      return Optional.of(new MasterKey(decode(value, option), option));
    }
    if (keystore.isPresent()) {
      return Optional.of(
          fromKeystore(
              Path.of(keystore.get()),
              options.getOptional(SECRET_KEY_KEYSTORE_PASSWORD).orElse(""),
              options.get(SECRET_KEY_KEYSTORE_ALIAS),
              prefix + SECRET_KEY_KEYSTORE_PATH.key()));
    }
    return Optional.empty();
  }

  /** A key file: base64 of 32 bytes, as {@code openssl rand -base64 32} writes it. */
  static MasterKey fromFile(Path file, String optionName) {
    String option = optionName + " (" + file + ")";
    String content;
    try {
      content = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new CatalogException(
          "Cannot read the key file named by " + option + ": " + e.getClass().getSimpleName());
    }
    return new MasterKey(decode(content, option), option);
  }

  static MasterKey fromKeystore(Path path, String password, String alias, String optionName) {
    String option = optionName + " (" + path + ", alias '" + alias + "')";
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      if (!store.containsAlias(alias)) {
        throw new CatalogException(
            "The keystore named by "
                + option
                + " has no entry '"
                + alias
                + "'. Check secret-key.keystore.alias.");
      }
      java.security.Key key = store.getKey(alias, password.toCharArray());
      if (!(key instanceof SecretKey secret) || !"AES".equalsIgnoreCase(key.getAlgorithm())) {
        throw new CatalogException(
            "The entry of the keystore named by "
                + option
                + " is not an AES secret key. Create one with keytool -genseckey -keyalg AES"
                + " -keysize 256.");
      }
      return new MasterKey(checked(secret.getEncoded(), option), option);
    } catch (IOException | GeneralSecurityException e) {
      throw new CatalogException(
          "Cannot read the keystore named by "
              + option
              + ": "
              + e.getMessage()
              + ". Check secret-key.keystore.path and secret-key.keystore.password.");
    }
  }

  private static SecretKey decode(String base64, String option) {
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new CatalogException(
          "The key named by "
              + option
              + " is not base64. Create one with: openssl rand -base64 32 > key");
    }
    return checked(bytes, option);
  }

  private static SecretKey checked(byte[] bytes, String option) {
    if (bytes.length != 32) {
      throw new CatalogException(
          "The key named by "
              + option
              + " has "
              + bytes.length
              + " bytes, not 32 (AES-256). Create one with: openssl rand -base64 32 > key");
    }
    return new SecretKeySpec(bytes, "AES");
  }
}
