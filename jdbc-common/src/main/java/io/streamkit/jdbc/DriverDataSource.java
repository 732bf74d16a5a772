package io.streamkit.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections straight from the driver, for a pool's {@code setDataSource}. A pool given a JDBC URL
 * instead wraps it in a data source whose {@code setLoginTimeout} calls {@link
 * java.sql.DriverManager#setLoginTimeout} (HikariCP does, on every pool start), which changes the
 * login timeout of every JDBC user in the JVM, a job's own connectors included. Here the timeout is
 * the driver's own connect-timeout property, and the driver comes from the given class loader, so
 * it also works from Flink's user-code and plugin class loaders where {@code DriverManager} does
 * not see the driver.
 */
public final class DriverDataSource implements DataSource {
  private final String url;
  private final Driver driver;
  private final Properties properties;
  private final String description;
  private int loginTimeoutSeconds;

  /**
   * @param url the URL as the user wrote it ({@code jdbc:mysql:} is adapted for MariaDB's driver)
   * @param username null for none
   * @param password null for none
   * @param connectTimeout how long connecting to a database that does not answer may take
   * @param classLoader where the driver class is loaded from
   * @param what whose URL this is, for the error on an unsupported one (e.g. "catalog database
   *     URL")
   * @throws IllegalArgumentException for a URL of an unsupported database
   * @throws IllegalStateException when the driver is not in {@code classLoader}; the message names
   *     it
   */
  public DriverDataSource(
      String url,
      String username,
      String password,
      Duration connectTimeout,
      ClassLoader classLoader,
      String what) {
    Database database = Database.fromUrl(url, what);
    String driverClass = database.driverClass(url, classLoader);
    try {
      this.driver =
          (Driver)
              Class.forName(driverClass, true, classLoader).getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "The JDBC driver "
              + driverClass
              + " for "
              + JdbcUrls.redact(url)
              + " is not on the class path",
          e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot create the JDBC driver " + driverClass, e);
    }
    this.url = database.driverUrl(url, driverClass);
    this.properties = new Properties();
    if (username != null) {
      properties.setProperty("user", username);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    database.addConnectTimeout(properties, connectTimeout);
    this.description = JdbcUrls.redact(url);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connect(properties);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    Properties withUser = new Properties();
    withUser.putAll(properties);
    if (username != null) {
      withUser.setProperty("user", username);
    }
    if (password != null) {
      withUser.setProperty("password", password);
    }
    return connect(withUser);
  }

  private Connection connect(Properties props) throws SQLException {
    Connection c = driver.connect(url, props);
    if (c == null) { // the driver's way of saying "not my URL"
      throw new SQLException(
          "The JDBC driver " + driver.getClass().getName() + " does not accept " + description);
    }
    return c;
  }

  /** Kept, never passed on: the connect timeout given at construction applies. */
  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeoutSeconds = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("Not a wrapper of " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }

  @Override
  public String toString() {
    return "DriverDataSource{" + description + "}";
  }
}
