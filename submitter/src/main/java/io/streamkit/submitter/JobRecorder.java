package io.streamkit.submitter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamkit.catalog.JobRunStore;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;

/**
 * Records each job {@code sql run} submits in the catalog database (docs/jobs.md): what ran (the
 * script as written, its hash, the job's statements, the -D options and --vars), where, and how it
 * ended when the CLI waited for it. A record that cannot be written costs a warning, never the job.
 */
final class JobRecorder {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Configuration conf;
  private final Path scriptFile;
  private final String script;
  private final Map<String, String> options;
  private final Map<String, String> vars;
  private final String cluster;
  private final PrintWriter err;

  JobRecorder(
      Configuration conf,
      Path scriptFile,
      String script,
      Map<String, String> options,
      Map<String, String> vars,
      String cluster,
      PrintWriter err) {
    this.conf = conf;
    this.scriptFile = scriptFile;
    this.script = script;
    this.options = options;
    this.vars = vars;
    this.cluster = cluster;
    this.err = err;
  }

  /** Records a submitted job; returns its run id (null when it could not be recorded). */
  String submitted(String jobName, String flinkJobId, String statements) {
    String runId = UUID.randomUUID().toString();
    boolean written =
        write(
            newRun(runId, jobName, flinkJobId, statements, JobState.SUBMITTED, null, null),
            jobName);
    return written ? runId : null;
  }

  /** Records how an attached run ended. */
  void ended(String runId, String jobName, boolean succeeded, String reason) {
    if (runId == null) {
      return;
    }
    try (JobRunStore store = JobRuns.store(conf)) {
      store
          .byId(runId)
          .ifPresent(
              run -> {
                long now = System.currentTimeMillis();
                write(
                    store,
                    run.withState(
                        (succeeded ? JobState.FINISHED : JobState.FAILED).label(),
                        reason,
                        now,
                        now),
                    jobName);
              });
    } catch (RuntimeException e) {
      warn(jobName, e);
    }
  }

  /** Records a job whose submission failed, with the reason: nothing runs on the cluster. */
  void refused(String jobName, String statements, String reason) {
    write(
        newRun(
            UUID.randomUUID().toString(),
            jobName,
            null,
            statements,
            JobState.FAILED,
            reason,
            System.currentTimeMillis()),
        jobName);
  }

  private JobRunStore.JobRun newRun(
      String runId,
      String jobName,
      String flinkJobId,
      String statements,
      JobState state,
      String reason,
      Long endedAt) {
    long now = System.currentTimeMillis();
    return new JobRunStore.JobRun(
        runId,
        jobName,
        flinkJobId,
        cluster,
        state.label(),
        scriptFile.toAbsolutePath().toString(),
        script,
        sha256(script),
        statements,
        json(options),
        json(vars),
        conf.get(StreamkitOptions.RESTART_ON_FAILURE),
        null,
        conf.getOptional(StateRecoveryOptions.SAVEPOINT_PATH).orElse(null),
        reason,
        now,
        endedAt,
        now);
  }

  private boolean write(JobRunStore.JobRun run, String jobName) {
    try (JobRunStore store = JobRuns.store(conf)) {
      return write(store, run, jobName);
    } catch (RuntimeException e) {
      warn(jobName, e);
      return false;
    }
  }

  private boolean write(JobRunStore store, JobRunStore.JobRun run, String jobName) {
    try {
      store.put(run);
      return true;
    } catch (Exception e) {
      warn(jobName, e);
      return false;
    }
  }

  private void warn(String jobName, Exception e) {
    err.println(
        "Warning: could not record job '"
            + jobName
            + "' in the catalog database: "
            + e.getMessage());
    err.flush();
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String json(Map<String, String> map) {
    try {
      return JSON.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
