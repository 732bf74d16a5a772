package io.streamkit.dimension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.flink.table.api.ValidationException;

/**
 * Checks at planning time that the dimension table and every declared column exist, so a typo is a
 * clear error when the job is submitted instead of a failure deep inside a running task.
 */
final class SchemaCheck {
  private SchemaCheck() {}

  static void check(
      String url,
      String username,
      String password,
      String tableName,
      List<String> columns,
      Duration timeout,
      String flinkTable) {
    JdbcDialect dialect = JdbcDialect.fromUrl(url);
    String redacted = url.replaceAll("(?i)(password=)[^&;]*", "$1******");
    try {
      Class.forName(dialect.driverClass(url), true, SchemaCheck.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ValidationException(
          "The JDBC driver "
              + dialect.driverClass(url)
              + " for "
              + flinkTable
              + " is missing; add"
              + " the streamkit-dimension-join -flink jar (it includes the drivers) to Flink's lib/.");
    }
    Properties props = new Properties();
    if (username != null) {
      props.setProperty("user", username);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    DriverManager.setLoginTimeout((int) Math.max(1, timeout.toSeconds()));
    List<String> actual = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(dialect.driverUrl(url), props)) {
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT * FROM " + dialect.quote(tableName) + " WHERE 1 = 0")) {
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          actual.add(meta.getColumnLabel(i));
        }
      } catch (SQLException e) {
        throw new ValidationException(
            String.format(
                "Table '%s' (the 'table-name' of %s) cannot be read in %s: %s. Check 'table-name'"
                    + " and the user's privileges.",
                tableName, flinkTable, redacted, e.getMessage()));
      }
    } catch (SQLException e) {
      throw new ValidationException(
          String.format(
              "Cannot connect to %s to check the dimension table %s: %s. Check 'url', 'username'"
                  + " and 'password' and that the database is reachable.",
              redacted, flinkTable, e.getMessage()));
    }
    List<String> lower = actual.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
    for (String column : columns) {
      if (!lower.contains(column.toLowerCase(Locale.ROOT))) {
        throw new ValidationException(
            String.format(
                "Table '%s' has no column '%s' (columns: %s). Check the column names in the DDL of %s"
                    + " or 'table-name'.",
                tableName, column, String.join(", ", actual), flinkTable));
      }
    }
  }
}
