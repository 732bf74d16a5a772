package io.streamkit.dimension;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** SQL differences between the supported databases: quoting, drivers and batched key lists. */
enum JdbcDialect implements Serializable {
  MYSQL("org.mariadb.jdbc.Driver", '`'),
  POSTGRESQL("org.postgresql.Driver", '"'),
  H2("org.h2.Driver", '"');

  private final String driverClass;
  private final char quote;

  JdbcDialect(String driverClass, char quote) {
    this.driverClass = driverClass;
    this.quote = quote;
  }

  static JdbcDialect fromUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mariadb:")) {
      return MYSQL;
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (lower.startsWith("jdbc:h2:")) {
      return H2;
    }
    throw new IllegalArgumentException(
        "Unsupported 'url' for streamkit-jdbc: use jdbc:mysql:, jdbc:mariadb:, jdbc:postgresql: or"
            + " jdbc:h2:.");
  }

  String driverClass(String url) {
    if (this == MYSQL && url.toLowerCase(Locale.ROOT).startsWith("jdbc:mysql:")) {
      try {
        Class.forName("com.mysql.cj.jdbc.Driver", false, JdbcDialect.class.getClassLoader());
        return "com.mysql.cj.jdbc.Driver";
      } catch (ClassNotFoundException e) {
        return driverClass;
      }
    }
    return driverClass;
  }

  /** MariaDB Connector/J accepts {@code jdbc:mysql:} only when told to. */
  String driverUrl(String url) {
    if (driverClass(url).equals("org.mariadb.jdbc.Driver")
        && url.toLowerCase(Locale.ROOT).startsWith("jdbc:mysql:")
        && !url.contains("permitMysqlScheme")) {
      return url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
    }
    return url;
  }

  /** Quotes each part of a possibly schema-qualified name. */
  String quote(String identifier) {
    String[] parts = identifier.split("\\.");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append('.');
      }
      out.append(quote)
          .append(parts[i].replace(String.valueOf(quote), "" + quote + quote))
          .append(quote);
    }
    return out.toString();
  }

  String selectColumns(List<String> columns) {
    return columns.stream().map(this::quote).collect(Collectors.joining(", "));
  }

  /** {@code k = ?} or {@code k1 = ? AND k2 = ?}. */
  String keyEquals(List<String> keys) {
    return keys.stream().map(k -> quote(k) + " = ?").collect(Collectors.joining(" AND "));
  }

  /** {@code k IN (?, ?, ...)} or {@code (k1, k2) IN ((?, ?), ...)} for {@code count} keys. */
  String keyIn(List<String> keys, int count) {
    String tuple =
        keys.size() == 1
            ? "?"
            : "(" + keys.stream().map(k -> "?").collect(Collectors.joining(", ")) + ")";
    String left =
        keys.size() == 1
            ? quote(keys.get(0))
            : "(" + keys.stream().map(this::quote).collect(Collectors.joining(", ")) + ")";
    StringBuilder in = new StringBuilder(left).append(" IN (");
    for (int i = 0; i < count; i++) {
      in.append(i == 0 ? "" : ", ").append(tuple);
    }
    return in.append(')').toString();
  }
}
