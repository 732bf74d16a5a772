package io.streamkit.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.table.catalog.exceptions.CatalogException;

/**
 * Decides which options are secret and masks their values. A key is secret when it contains one of
 * Flink's own sensitive fragments ({@code password}, {@code secret}, {@code token}, {@code
 * jaas.config}, ...) or one the user added with {@code secret-keys}.
 */
final class Secrets {
  /** What a secret value looks like wherever the catalog shows it. */
  static final String MASK = "******";

  /** Flink's GlobalConfiguration#SENSITIVE_KEYS plus common credential names. */
  static final List<String> DEFAULT_FRAGMENTS =
      List.of(
          "password",
          "secret",
          "fs.azure.account.key",
          "apikey",
          "api-key",
          "auth-params",
          "service-key",
          "token",
          "basic-auth",
          "jaas.config",
          "http-headers",
          "credential",
          "private-key",
          "access-key",
          "access.key");

  private final List<String> fragments;

  Secrets(Collection<String> extraFragments) {
    this.fragments =
        List.copyOf(
            new java.util.LinkedHashSet<>(
                java.util.stream.Stream.concat(
                        DEFAULT_FRAGMENTS.stream(),
                        extraFragments.stream().map(f -> f.trim().toLowerCase(Locale.ROOT)))
                    .filter(f -> !f.isEmpty())
                    .toList()));
  }

  boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    for (String fragment : fragments) {
      if (lower.contains(fragment)) {
        return true;
      }
    }
    return false;
  }

  /** The options with every secret value replaced by {@link #MASK}. */
  Map<String, String> mask(Map<String, String> options) {
    Map<String, String> masked = new TreeMap<>(options);
    masked.replaceAll((k, v) -> isSecret(k) ? MASK : v);
    return masked;
  }

  /**
   * Refuses options of {@code objectName} that carry the mask as a secret's value: they were copied
   * from what the catalog shows (SHOW CREATE TABLE, CREATE TABLE ... LIKE), and storing them would
   * replace the real secret by the mask.
   */
  void rejectMasked(String objectName, Map<String, String> options) {
    for (Map.Entry<String, String> e : options.entrySet()) {
      if (MASK.equals(e.getValue()) && isSecret(e.getKey())) {
        throw new CatalogException(
            String.format(
                "Option '%s' of %s has the masked value '%s', probably copied from SHOW CREATE"
                    + " TABLE or CREATE TABLE ... LIKE. Give the real value in the WITH clause.",
                e.getKey(), objectName, MASK));
      }
    }
  }

  /**
   * Puts the stored secrets back where {@code options} still carries the mask: the options came
   * from a masked table (ALTER TABLE, hints) and the user did not give a new value.
   */
  static Map<String, String> unmask(Map<String, String> options, Map<String, String> stored) {
    Map<String, String> result = new TreeMap<>(options);
    result.replaceAll((k, v) -> MASK.equals(v) && stored.containsKey(k) ? stored.get(k) : v);
    return result;
  }
}
