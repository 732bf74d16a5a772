package io.streamkit.latency;

/**
 * Where a table's records carry their origin time, as users write it in {@code
 * streamkit.latency.origin}: {@code kafka-timestamp} (the record timestamp), {@code field:<column>}
 * or {@code header:<name>}.
 */
public record OriginSpec(Kind kind, String name) {
  /** The kinds of origin a spec names. */
  public enum Kind {
    RECORD_TIMESTAMP,
    FIELD,
    HEADER
  }

  public static final String RECORD_TIMESTAMP = "kafka-timestamp";

  /**
   * @param key the option the value was set under, named in the error
   * @throws IllegalArgumentException naming the key and the accepted forms
   */
  public static OriginSpec parse(String key, String value) {
    String v = value == null ? "" : value.trim();
    if (v.equals(RECORD_TIMESTAMP)) {
      return new OriginSpec(Kind.RECORD_TIMESTAMP, null);
    }
    int colon = v.indexOf(':');
    String prefix = colon < 0 ? v : v.substring(0, colon);
    String name = colon < 0 ? "" : v.substring(colon + 1).trim();
    if ((prefix.equals("field") || prefix.equals("header")) && !name.isEmpty()) {
      return new OriginSpec(prefix.equals("field") ? Kind.FIELD : Kind.HEADER, name);
    }
    throw new IllegalArgumentException(
        "'"
            + key
            + "' = '"
            + value
            + "' is not an origin: use '"
            + RECORD_TIMESTAMP
            + "' (the record timestamp), 'field:<column>' (a column holding epoch milliseconds or"
            + " a timestamp) or 'header:<name>'");
  }

  @Override
  public String toString() {
    return switch (kind) {
      case RECORD_TIMESTAMP -> RECORD_TIMESTAMP;
      case FIELD -> "field:" + name;
      case HEADER -> "header:" + name;
    };
  }
}
