package io.streamkit.docs;

import java.util.Objects;

/**
 * One option as its doc row shows it.
 *
 * @param key the key users write
 * @param type {@code Boolean}, {@code Integer}, {@code String}, {@code Duration}, {@code
 *     MemorySize}, {@code Enum}, {@code List<String>}, ... (the names Flink's docs use)
 * @param defaultValue the default as users would write it, or {@code null} for none
 * @param description one line; never repeats the default
 */
public record OptionSpec(String key, String type, String defaultValue, String description) {
  public OptionSpec {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    if (key.isBlank() || type.isBlank() || description.isBlank()) {
      throw new IllegalArgumentException(
          "option '" + key + "' needs a key, a type and a description");
    }
    if (defaultValue != null && defaultValue.isEmpty()) {
      defaultValue = null;
    }
  }
}
