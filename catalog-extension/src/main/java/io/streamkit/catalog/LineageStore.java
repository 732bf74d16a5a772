package io.streamkit.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Job lineage in the metadata database ({@code sk_lineage}): which datasets each job reads and
 * writes. A job's latest submission replaces what its earlier runs recorded, in one transaction.
 */
public final class LineageStore implements AutoCloseable {
  /** One dataset a job reads ({@code source}) or writes ({@code sink}). */
  public record Edge(
      String jobName, String direction, String dataset, String table, String jobId, long at) {}

  private final MetadataStore store;

  private LineageStore(MetadataStore store) {
    this.store = store;
  }

  /**
   * Connects to the metadata database the catalog options describe ({@code url}, {@code username},
   * {@code password}, ...; the keys of a {@code type: streamkit} catalog), migrating its schema.
   */
  public static LineageStore open(ReadableConfig catalogOptions, ClassLoader classLoader) {
    return new LineageStore(
        MetadataStore.open(StreamkitCatalogFactory.jdbcSettings(catalogOptions), classLoader));
  }

  /** Replaces what {@code jobName} recorded before by {@code edges}. */
  public void record(String jobName, List<Edge> edges) throws SQLException {
    store.write(
        "record the lineage of job " + jobName,
        c -> {
          try (PreparedStatement delete =
              c.prepareStatement("DELETE FROM sk_lineage WHERE job_name = ?")) {
            delete.setString(1, jobName);
            delete.executeUpdate();
          }
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO sk_lineage (job_name, direction, dataset, table_name, job_id,"
                      + " recorded_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Edge e : edges) {
              insert.setString(1, e.jobName());
              insert.setString(2, e.direction());
              insert.setString(3, e.dataset());
              insert.setString(4, e.table());
              insert.setString(5, e.jobId());
              insert.setLong(6, e.at());
              insert.addBatch();
            }
            insert.executeBatch();
          }
          return null;
        });
  }

  /** Every recorded edge, by job name, direction and dataset. */
  public List<Edge> edges() {
    return store.read(
        "read the job lineage",
        c -> {
          List<Edge> edges = new ArrayList<>();
          try (PreparedStatement select =
                  c.prepareStatement(
                      "SELECT job_name, direction, dataset, table_name, job_id, recorded_at"
                          + " FROM sk_lineage ORDER BY job_name, direction, dataset");
              ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              edges.add(
                  new Edge(
                      rs.getString(1),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5).trim(),
                      rs.getLong(6)));
            }
          }
          return edges;
        });
  }

  @Override
  public void close() {
    store.close();
  }
}
