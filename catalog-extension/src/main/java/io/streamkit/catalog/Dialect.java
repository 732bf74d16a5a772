package io.streamkit.catalog;

import java.sql.SQLException;
import java.util.Locale;

/**
 * The relational databases the metadata can live in, and the few places where their SQL differs.
 */
enum Dialect {
  H2("org.h2.Driver", "CLOB", ""),
  MYSQL(
      "org.mariadb.jdbc.Driver",
      "MEDIUMTEXT",
      " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"),
  POSTGRESQL("org.postgresql.Driver", "TEXT", "");

  private final String driverClass;
  private final String clobType;
  private final String tableOptions;

  Dialect(String driverClass, String clobType, String tableOptions) {
    this.driverClass = driverClass;
    this.clobType = clobType;
    this.tableOptions = tableOptions;
  }

  static Dialect fromUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:")) {
      return MYSQL;
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "Unsupported catalog database URL '"
            + JdbcSettings.redact(url)
            + "'. Use jdbc:h2:..., jdbc:mysql:..., jdbc:mariadb:... or jdbc:postgresql:...");
  }

  /** The JDBC driver class; MySQL URLs use MySQL Connector/J when it is on the class path. */
  String driverClass(String url, ClassLoader classLoader) {
    if (this == MYSQL && url.toLowerCase(Locale.ROOT).startsWith("jdbc:mysql:")) {
      try {
        Class.forName("com.mysql.cj.jdbc.Driver", false, classLoader);
        return "com.mysql.cj.jdbc.Driver";
      } catch (ClassNotFoundException e) {
        return driverClass;
      }
    }
    return driverClass;
  }

  /**
   * The URL handed to the driver: MariaDB Connector/J accepts {@code jdbc:mysql:} only when told
   * to.
   */
  String driverUrl(String url, String driver) {
    if (driver.equals("org.mariadb.jdbc.Driver")
        && url.toLowerCase(Locale.ROOT).startsWith("jdbc:mysql:")
        && !url.contains("permitMysqlScheme")) {
      return url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
    }
    return url;
  }

  /** Replaces the placeholders of a migration script with this dialect's types and options. */
  String render(String script) {
    return script.replace("${clob}", clobType).replace("${table_options}", tableOptions);
  }

  /** Whether {@code e} reports a violated primary key or unique constraint. */
  static boolean isDuplicateKey(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      String state = s.getSQLState();
      if (state != null && state.startsWith("23")) {
        return true;
      }
    }
    return e.getErrorCode() == 1062; // MySQL ER_DUP_ENTRY without a standard state
  }
}
