package io.streamkit.dimension;

import java.util.Locale;

/** {@code lookup.cache}: Flink's FLIP-221 modes, plus the seed's ALL and LRU names for them. */
enum CacheMode {
  NONE,
  PARTIAL,
  FULL;

  static CacheMode parse(String value, String table) {
    switch (value.trim().toUpperCase(Locale.ROOT)) {
      case "NONE":
        return NONE;
      case "PARTIAL":
      case "LRU":
        return PARTIAL;
      case "FULL":
      case "ALL":
        return FULL;
      default:
        throw new org.apache.flink.table.api.ValidationException(
            String.format(
                "Unknown 'lookup.cache' = '%s' for table %s. Use NONE, PARTIAL (alias LRU) or FULL"
                    + " (alias ALL).",
                value, table));
    }
  }
}
