package io.streamkit.jdbc;

import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * The databases streamkit talks to, told apart by the JDBC URL: which driver serves them, how a URL
 * is handed to it and how its connect timeout is set.
 */
public enum Database {
  H2("org.h2.Driver"),
  /** MySQL and MariaDB: MariaDB Connector/J, or MySQL Connector/J for {@code jdbc:mysql:} URLs. */
  MYSQL("org.mariadb.jdbc.Driver"),
  POSTGRESQL("org.postgresql.Driver");

  private static final String MYSQL_CONNECTOR_J = "com.mysql.cj.jdbc.Driver";

  private final String defaultDriver;

  Database(String defaultDriver) {
    this.defaultDriver = defaultDriver;
  }

  /**
   * The database {@code url} names; {@code what} says whose URL it is in the error, e.g. {@code
   * "catalog database URL"}.
   */
  public static Database fromUrl(String url, String what) {
    String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
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
        "Unsupported "
            + what
            + " '"
            + JdbcUrls.redact(url)
            + "': use jdbc:h2:..., jdbc:mysql:..., jdbc:mariadb:... or jdbc:postgresql:...");
  }

  /**
   * The driver class for {@code url}: MySQL Connector/J for {@code jdbc:mysql:} when {@code
   * classLoader} has it, else this database's driver.
   */
  public String driverClass(String url, ClassLoader classLoader) {
    if (this == MYSQL && url.toLowerCase(Locale.ROOT).startsWith("jdbc:mysql:")) {
      try {
        Class.forName(MYSQL_CONNECTOR_J, false, classLoader);
        return MYSQL_CONNECTOR_J;
      } catch (ClassNotFoundException e) {
        return defaultDriver;
      }
    }
    return defaultDriver;
  }

  /**
   * The URL handed to {@code driverClass}: MariaDB Connector/J takes {@code jdbc:mysql:} only when
   * told.
   */
  public String driverUrl(String url, String driverClass) {
    if (driverClass.equals("org.mariadb.jdbc.Driver")
        && url.toLowerCase(Locale.ROOT).startsWith("jdbc:mysql:")
        && !url.contains("permitMysqlScheme")) {
      return url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
    }
    return url;
  }

  /**
   * Sets the driver's own connect timeout in {@code props}, so that connecting to a database that
   * does not answer fails after {@code timeout}.
   */
  public void addConnectTimeout(Properties props, Duration timeout) {
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
}
