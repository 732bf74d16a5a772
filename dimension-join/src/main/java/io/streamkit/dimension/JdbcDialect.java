package io.streamkit.dimension;

import java.io.Serializable;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * SQL differences between the supported databases: drivers and their connect timeouts, how an
 * unquoted identifier is stored, quoting and batched key lists.
 */
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

  /**
   * Sets the driver's own connect timeout, so that connecting to a database that does not answer
   * fails after {@code timeout}. Never {@code DriverManager.setLoginTimeout}: that changes every
   * JDBC user in the JVM.
   */
  void addConnectTimeout(Properties props, Duration timeout) {
    switch (this) {
      case POSTGRESQL:
        // Seconds. connectTimeout bounds the TCP connect, loginTimeout the whole login.
        String seconds = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
        props.setProperty("connectTimeout", seconds);
        props.setProperty("loginTimeout", seconds);
        break;
      case MYSQL:
        // Milliseconds, in MariaDB Connector/J (connect and authentication) and MySQL Connector/J.
        props.setProperty("connectTimeout", Long.toString(Math.max(1, timeout.toMillis())));
        break;
      case H2:
      default:
        // Embedded, or TCP to a server that answers at once or refuses: no setting to make.
        break;
    }
  }

  /**
   * The qualifier of {@code qualifier.table} names a catalog (MySQL and MariaDB call their
   * databases catalogs), not a schema.
   */
  boolean qualifierIsCatalog() {
    return this == MYSQL;
  }

  /**
   * {@code name} as the database stores it when it is written unquoted: upper-case in H2 (and
   * Oracle-style databases), lower-case in PostgreSQL, and in MariaDB as {@code
   * lower_case_table_names} says; the driver reports which.
   */
  static String storedFormOfUnquoted(String name, DatabaseMetaData meta) throws SQLException {
    if (meta.storesUpperCaseIdentifiers()) {
      return name.toUpperCase(Locale.ROOT);
    }
    if (meta.storesLowerCaseIdentifiers()) {
      return name.toLowerCase(Locale.ROOT);
    }
    return name;
  }

  /** Quotes one identifier exactly as given. */
  String quote(String identifier) {
    return quote + identifier.replace(String.valueOf(quote), "" + quote + quote) + quote;
  }

  /** Quotes each part of a (possibly schema-qualified) table name, as resolved at planning. */
  String quoteTable(List<String> path) {
    return path.stream().map(this::quote).collect(Collectors.joining("."));
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
