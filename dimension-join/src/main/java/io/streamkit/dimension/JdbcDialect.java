package io.streamkit.dimension;

import io.streamkit.jdbc.Database;
import java.io.Serializable;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * SQL differences between the supported databases: how an unquoted identifier is stored, quoting
 * and batched key lists. Drivers and connect timeouts are {@link Database}'s.
 */
enum JdbcDialect implements Serializable {
  MYSQL('`'),
  POSTGRESQL('"'),
  H2('"');

  private final char quote;

  JdbcDialect(char quote) {
    this.quote = quote;
  }

  /** The dialect of {@code url}; an unsupported database is an {@link IllegalArgumentException}. */
  static JdbcDialect fromUrl(String url) {
    return switch (Database.fromUrl(url, "'url' for streamkit-jdbc")) {
      case MYSQL -> MYSQL;
      case POSTGRESQL -> POSTGRESQL;
      case H2 -> H2;
    };
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
