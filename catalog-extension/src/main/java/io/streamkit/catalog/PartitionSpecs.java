package io.streamkit.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.catalog.CatalogPartitionSpec;

/**
 * Canonical forms of partition specs: ordered by the table's partition keys, hashed for the key.
 */
final class PartitionSpecs {
  private PartitionSpecs() {}

  /** The spec's values in partition-key order, e.g. {@code {dt=2024-01-01, hr=10}}. */
  static LinkedHashMap<String, String> ordered(List<String> keys, CatalogPartitionSpec spec) {
    LinkedHashMap<String, String> ordered = new LinkedHashMap<>();
    for (String key : keys) {
      if (spec.getPartitionSpec().containsKey(key)) {
        ordered.put(key, spec.getPartitionSpec().get(key));
      }
    }
    return ordered;
  }

  /** A stable id of a full spec: SHA-256 of its ordered key/value pairs. */
  static String id(List<String> keys, CatalogPartitionSpec spec) {
    StringBuilder canonical = new StringBuilder();
    for (Map.Entry<String, String> e : ordered(keys, spec).entrySet()) {
      canonical.append(e.getKey()).append('\u0000').append(e.getValue()).append('\u0001');
    }
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(digest.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code spec} names exactly the partition keys. */
  static boolean isFull(List<String> keys, CatalogPartitionSpec spec) {
    Map<String, String> values = spec.getPartitionSpec();
    return values.size() == keys.size() && keys.stream().allMatch(values::containsKey);
  }

  /** Whether {@code spec} names only partition keys (possibly not all of them). */
  static boolean isPartial(List<String> keys, CatalogPartitionSpec spec) {
    return keys.containsAll(spec.getPartitionSpec().keySet());
  }

  /** Whether {@code full} has every value that {@code partial} names. */
  static boolean matches(CatalogPartitionSpec full, CatalogPartitionSpec partial) {
    return full.getPartitionSpec().entrySet().containsAll(partial.getPartitionSpec().entrySet());
  }
}
