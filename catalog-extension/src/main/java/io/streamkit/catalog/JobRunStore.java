package io.streamkit.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Job runs in the metadata database ({@code sk_job_run}): one row per submission of a job by {@code
 * bin/streamkit}, with what ran, where, and its state as last reconciled with the cluster.
 */
public final class JobRunStore implements AutoCloseable {
  /**
   * One run. {@code options} and {@code vars} are JSON objects; {@code statements} the job's SQL,
   * separated by blank lines; times are epoch milliseconds.
   */
  public record JobRun(
      String runId,
      String jobName,
      String flinkJobId,
      String cluster,
      String state,
      String scriptFile,
      String script,
      String scriptHash,
      String statements,
      String options,
      String vars,
      boolean restartOnFailure,
      String savepoint,
      String restoredFrom,
      String reason,
      long submittedAt,
      Long endedAt,
      long updatedAt) {

    public JobRun withState(String newState, String newReason, Long ended, long now) {
      return new JobRun(
          runId,
          jobName,
          flinkJobId,
          cluster,
          newState,
          scriptFile,
          script,
          scriptHash,
          statements,
          options,
          vars,
          restartOnFailure,
          savepoint,
          restoredFrom,
          newReason,
          submittedAt,
          ended,
          now);
    }

    public JobRun withSavepoint(String path, long now) {
      return new JobRun(
          runId,
          jobName,
          flinkJobId,
          cluster,
          state,
          scriptFile,
          script,
          scriptHash,
          statements,
          options,
          vars,
          restartOnFailure,
          path,
          restoredFrom,
          reason,
          submittedAt,
          endedAt,
          now);
    }
  }

  private static final String COLUMNS =
      "run_id, job_name, flink_job_id, cluster, state, script_file, script, script_hash,"
          + " statements, options, vars, restart_on_failure, savepoint, restored_from, reason,"
          + " submitted_at, ended_at, updated_at";

  private final MetadataStore store;

  private JobRunStore(MetadataStore store) {
    this.store = store;
  }

  /** {@code options} with every secret's value (password, token, JAAS config, ...) masked. */
  public static Map<String, String> masked(Map<String, String> options) {
    return new Secrets(List.of()).mask(options);
  }

  /** Connects to the metadata database the catalog options describe, migrating its schema. */
  public static JobRunStore open(ReadableConfig catalogOptions, ClassLoader classLoader) {
    return new JobRunStore(
        MetadataStore.open(
            StreamkitCatalogFactory.jdbcSettings(catalogOptions),
            MasterKey.fromOptions(catalogOptions).orElse(null),
            new Secrets(catalogOptions.get(StreamkitCatalogOptions.SECRET_KEYS)),
            classLoader));
  }

  /** Inserts a run, or replaces the run of the same id. */
  public void put(JobRun run) throws SQLException {
    store.write(
        "record job run " + run.runId(),
        c -> {
          try (PreparedStatement delete =
                  c.prepareStatement("DELETE FROM sk_job_run WHERE run_id = ?");
              PreparedStatement insert =
                  c.prepareStatement(
                      "INSERT INTO sk_job_run ("
                          + COLUMNS
                          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            delete.setString(1, run.runId());
            delete.executeUpdate();
            int i = 1;
            insert.setString(i++, run.runId());
            insert.setString(i++, run.jobName());
            insert.setString(i++, run.flinkJobId());
            insert.setString(i++, run.cluster());
            insert.setString(i++, run.state());
            insert.setString(i++, run.scriptFile());
            insert.setString(i++, run.script());
            insert.setString(i++, run.scriptHash());
            insert.setString(i++, run.statements());
            insert.setString(i++, sealOptions(c, run.options()));
            insert.setString(i++, run.vars());
            insert.setBoolean(i++, run.restartOnFailure());
            insert.setString(i++, run.savepoint());
            insert.setString(i++, run.restoredFrom());
            insert.setString(i++, run.reason());
            insert.setLong(i++, run.submittedAt());
            if (run.endedAt() == null) {
              insert.setNull(i++, Types.BIGINT);
            } else {
              insert.setLong(i++, run.endedAt());
            }
            insert.setLong(i, run.updatedAt());
            insert.executeUpdate();
          }
          return null;
        });
  }

  /** Every run, oldest first. */
  public List<JobRun> all() {
    return select("read the job runs", "ORDER BY submitted_at, run_id");
  }

  /** The runs of a job, oldest first. */
  public List<JobRun> runsOf(String jobName) {
    return select(
        "read the runs of job " + jobName, "WHERE job_name = ? ORDER BY submitted_at", jobName);
  }

  /** The run with this run id or Flink job id. */
  public Optional<JobRun> byId(String id) {
    List<JobRun> runs =
        select("find job run " + id, "WHERE run_id = ? OR flink_job_id = ?", id, id);
    return runs.stream().findFirst();
  }

  private List<JobRun> select(String what, String where, String... args) {
    return store.read(
        what,
        c -> {
          List<JobRun> runs = new ArrayList<>();
          try (PreparedStatement select =
              c.prepareStatement("SELECT " + COLUMNS + " FROM sk_job_run " + where)) {
            for (int i = 0; i < args.length; i++) {
              select.setString(i + 1, args[i]);
            }
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                Long ended = rs.getLong(17);
                if (rs.wasNull()) {
                  ended = null;
                }
                runs.add(
                    new JobRun(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        store.keys().openJson(rs.getString(10)),
                        rs.getString(11),
                        rs.getBoolean(12),
                        rs.getString(13),
                        rs.getString(14),
                        rs.getString(15),
                        rs.getLong(16),
                        ended,
                        rs.getLong(18)));
              }
            }
          }
          return runs;
        });
  }

  /** The recorded options with their secrets encrypted, when the database has a key. */
  private String sealOptions(java.sql.Connection c, String options) throws SQLException {
    if (options == null || !options.trim().startsWith("{")) {
      return options;
    }
    try {
      return store.keys().sealJson(c, options);
    } catch (org.apache.flink.table.catalog.exceptions.CatalogException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Corrupt metadata JSON")) {
        return options; // not a map of strings: not options this store masks or encrypts
      }
      throw e;
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
