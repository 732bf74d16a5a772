package io.streamkit.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.catalog.exceptions.CatalogException;

/**
 * Every column of the metadata database that holds an option map whose secret values are stored
 * encrypted ({@link DataKeys}): database properties (a Kafka database's cluster credentials), table
 * and view definitions, partition properties, function options, model definitions, the catalog
 * store's catalog options and the options recorded with job runs. {@link #rewrite} passes every
 * value of every row through one function, for the migration of plain text and for key rotation.
 */
final class SealedColumns {
  private SealedColumns() {}

  /** A JSON map column and the primary key of its table. */
  record Column(String table, List<String> keys, String column) {}

  static final List<Column> ALL =
      List.of(
          new Column("sk_database", List.of("db_name"), "properties"),
          new Column("sk_object", List.of("db_name", "object_name"), "definition"),
          new Column(
              "sk_partition", List.of("db_name", "object_name", "partition_id"), "properties"),
          new Column("sk_function", List.of("db_name", "function_name"), "options"),
          new Column("sk_model", List.of("db_name", "model_name"), "definition"),
          new Column("sk_catalog", List.of("catalog_name"), "options"),
          new Column("sk_job_run", List.of("run_id"), "options"));

  /** Maps one stored value to what should be stored; returns {@code value} to keep it. */
  @FunctionalInterface
  interface ValueRewrite {
    String apply(String key, String value);
  }

  /** How many rows and values a rewrite changed. */
  record Counts(int rows, int values) {}

  /**
   * Applies {@code rewrite} to every value of every column, on {@code c} (the caller's
   * transaction).
   */
  static Counts rewrite(Connection c, ValueRewrite rewrite) throws SQLException {
    int rows = 0;
    int values = 0;
    for (Column column : ALL) {
      String keyList = String.join(", ", column.keys());
      List<List<String>> stored =
          MetadataStore.query(
              c,
              "SELECT " + keyList + ", " + column.column() + " FROM " + column.table(),
              rs -> {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= column.keys().size() + 1; i++) {
                  row.add(rs.getString(i));
                }
                return row;
              });
      for (List<String> row : stored) {
        String json = row.get(row.size() - 1);
        Map<String, String> map;
        try {
          map = TableCodec.fromJson(json);
        } catch (CatalogException e) {
          continue; // not an option map (never written by this code): nothing to protect
        }
        int changed = 0;
        for (Map.Entry<String, String> e : map.entrySet()) {
          String now = rewrite.apply(e.getKey(), e.getValue());
          if (now != null && !now.equals(e.getValue())) {
            e.setValue(now);
            changed++;
          }
        }
        if (changed > 0) {
          Object[] params = new Object[row.size()];
          params[0] = TableCodec.toJson(map);
          for (int i = 0; i < column.keys().size(); i++) {
            params[i + 1] = row.get(i);
          }
          MetadataStore.update(
              c,
              "UPDATE "
                  + column.table()
                  + " SET "
                  + column.column()
                  + " = ? WHERE "
                  + String.join(" = ? AND ", column.keys())
                  + " = ?",
              params);
          rows++;
          values += changed;
        }
      }
    }
    return new Counts(rows, values);
  }
}
