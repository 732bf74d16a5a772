package io.streamkit.dimension;

import io.streamkit.jdbc.DriverDataSource;
import io.streamkit.jdbc.JdbcUrls;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.table.api.ValidationException;

/**
 * Checks at planning time that the dimension table and every declared column exist, so a typo is a
 * clear error when the job is submitted instead of a failure deep inside a running task. It also
 * resolves each name to the one the database stores, once, and the runtime quotes exactly those.
 *
 * <p>A name resolves to: the object of exactly that name; else the object the database would find
 * for the name written unquoted (H2 {@code dim_city} is {@code DIM_CITY}); else the one object
 * whose name differs only in case. A name that differs only in case from several objects is an
 * error naming them.
 */
final class SchemaCheck {
  private SchemaCheck() {}

  /** The names as the database stores them: the table's path and the columns, in order. */
  record Resolved(List<String> tablePath, List<String> columns) {}

  static Resolved check(
      String url,
      String username,
      String password,
      String tableName,
      List<String> columns,
      Duration timeout,
      String flinkTable) {
    JdbcDialect dialect = JdbcDialect.fromUrl(url);
    String redacted = JdbcUrls.redact(url);
    DriverDataSource database;
    try {
      database =
          new DriverDataSource(
              url,
              username,
              password,
              timeout,
              SchemaCheck.class.getClassLoader(),
              "'url' for streamkit-jdbc");
    } catch (IllegalStateException e) {
      throw new ValidationException(
          e.getMessage()
              + " of "
              + flinkTable
              + "; add the streamkit-dimension-join -flink jar (it includes the drivers) to"
              + " Flink's lib/.");
    }
    try (Connection c = database.getConnection()) {
      try {
        return resolve(c, dialect, tableName, columns, flinkTable, redacted);
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
  }

  private static Resolved resolve(
      Connection c,
      JdbcDialect dialect,
      String tableName,
      List<String> columns,
      String flinkTable,
      String redacted)
      throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    String[] parts = tableName.split("\\.", -1);
    if (parts.length > 2) {
      throw new ValidationException(
          "'table-name' = '" + tableName + "' of " + flinkTable + ": use table or schema.table.");
    }
    String catalog = c.getCatalog();
    // MySQL and MariaDB: the database is the catalog, and there are no schemas within it.
    String schema = dialect.qualifierIsCatalog() && catalog != null ? null : c.getSchema();
    List<String> path = new ArrayList<>();
    if (parts.length == 2) {
      String qualifier;
      if (dialect.qualifierIsCatalog() && catalog != null) {
        catalog = qualifier = pick("database", parts[0], catalogs(meta), meta, flinkTable);
      } else {
        schema = qualifier = pick("schema", parts[0], schemas(meta, catalog), meta, flinkTable);
      }
      path.add(qualifier);
    }
    String requested = parts[parts.length - 1];
    String scope = schema != null ? "schema '" + schema + "'" : "database '" + catalog + "'";
    String table = pick("table", requested, tables(meta, catalog, schema), meta, flinkTable);
    if (table == null) {
      throw new SQLException("there is no table or view '" + requested + "' in " + scope);
    }
    path.add(table);

    List<String> actual = columns(meta, catalog, schema, table);
    String quotedTable = dialect.quoteTable(path);
    if (actual.isEmpty()) {
      // Some drivers list no columns for some kinds of views; the result set still has them.
      actual = columnsOfQuery(c, "SELECT * FROM " + quotedTable + " WHERE 1 = 0");
    }
    List<String> resolved = new ArrayList<>();
    for (String column : columns) {
      String found = pick("column", column, actual, meta, flinkTable + " (table '" + table + "')");
      if (found == null) {
        throw new ValidationException(
            String.format(
                "Table '%s' has no column '%s' (columns: %s). Check the column names in the DDL of %s"
                    + " or 'table-name'.",
                tableName, column, String.join(", ", actual), flinkTable));
      }
      resolved.add(found);
    }
    // The query shape the runtime runs, with the names it will quote: proves they are readable.
    try (Statement s = c.createStatement();
        ResultSet ignored =
            s.executeQuery(
                "SELECT "
                    + dialect.selectColumns(resolved)
                    + " FROM "
                    + quotedTable
                    + " WHERE 1 = 0")) {
      return new Resolved(List.copyOf(path), List.copyOf(resolved));
    }
  }

  /**
   * The existing name {@code requested} refers to, or null if none. Exact first, then the stored
   * form of the name written unquoted, then the only name that differs in case alone.
   */
  static String pick(
      String kind, String requested, List<String> existing, DatabaseMetaData meta, String where)
      throws SQLException {
    if (existing.contains(requested)) {
      return requested;
    }
    String unquoted = JdbcDialect.storedFormOfUnquoted(requested, meta);
    if (existing.contains(unquoted)) {
      return unquoted;
    }
    List<String> otherCase =
        existing.stream().filter(name -> name.equalsIgnoreCase(requested)).distinct().toList();
    if (otherCase.size() > 1) {
      throw new ValidationException(
          String.format(
              "The %s name '%s' of %s matches %d %ss that differ only in case: %s. Write the name"
                  + " with the exact case of one of them (in the DDL, quote a column with"
                  + " backticks).",
              kind,
              requested,
              where,
              otherCase.size(),
              kind,
              otherCase.stream().map(n -> '"' + n + '"').collect(Collectors.joining(", "))));
    }
    return otherCase.isEmpty() ? null : otherCase.get(0);
  }

  private static String escape(String pattern, DatabaseMetaData meta) throws SQLException {
    String escape = meta.getSearchStringEscape();
    if (pattern == null || escape == null || escape.isEmpty()) {
      return pattern;
    }
    return pattern
        .replace(escape, escape + escape)
        .replace("_", escape + "_")
        .replace("%", escape + "%");
  }

  private static List<String> catalogs(DatabaseMetaData meta) throws SQLException {
    return names(meta.getCatalogs(), "TABLE_CAT");
  }

  private static List<String> schemas(DatabaseMetaData meta, String catalog) throws SQLException {
    return names(meta.getSchemas(catalog, null), "TABLE_SCHEM");
  }

  private static List<String> tables(DatabaseMetaData meta, String catalog, String schema)
      throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rs = meta.getTables(catalog, escape(schema, meta), "%", null)) {
      while (rs.next()) {
        if (schema == null || schema.equals(rs.getString("TABLE_SCHEM"))) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
    }
    return tables;
  }

  private static List<String> columns(
      DatabaseMetaData meta, String catalog, String schema, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet rs = meta.getColumns(catalog, escape(schema, meta), escape(table, meta), "%")) {
      while (rs.next()) {
        if (table.equals(rs.getString("TABLE_NAME"))
            && (schema == null || schema.equals(rs.getString("TABLE_SCHEM")))) {
          columns.add(rs.getString("COLUMN_NAME"));
        }
      }
    }
    return columns;
  }

  private static List<String> columnsOfQuery(Connection c, String sql) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnName(i));
      }
    }
    return columns;
  }

  private static List<String> names(ResultSet rs, String column) throws SQLException {
    List<String> names = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        names.add(rs.getString(column));
      }
    }
    return names;
  }
}
