package io.streamkit.submitter;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableConfig;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.api.internal.TableResultImpl;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.utils.print.PrintStyle;
import org.apache.flink.table.utils.print.RowDataToStringConverter;

/**
 * Runs a script's statements in order through a {@link ScriptSession}. DDL, SET and USE apply to
 * the session and catalog; every INSERT, EXECUTE STATEMENT SET or BEGIN STATEMENT SET ... END is
 * one Flink job: its id is printed and, unless detached, the runner waits for it to finish. Results
 * (SELECT, SHOW, DESCRIBE, EXPLAIN, SET) are printed to {@code out}. Stops at the first failure.
 */
final class ScriptRunner {
  /** Statements that start a job: INSERT, EXECUTE STATEMENT SET, BEGIN STATEMENT SET ... END. */
  private static final Pattern JOB_STATEMENT =
      Pattern.compile("^\\s*(INSERT|EXECUTE|BEGIN)\\b", Pattern.CASE_INSENSITIVE);

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean detached;
  private final JobTagging tagging;
  private final JobRecorder recorder;
  private AutoAlertRules autoRules;
  private boolean submitted; // the current statement's job reached the cluster
  private boolean anySubmitted; // a job of this run reached the cluster
  private Runnable onFirstSubmission = () -> {};
  private boolean deferRefusal; // record a refused job only when told (see refusal())
  private Runnable refusal = () -> {};

  /**
   * {@code tagging} hears of each statement before it runs and of each job once submitted; {@code
   * recorder} (null: none) records each job's run.
   */
  ScriptRunner(
      PrintWriter out,
      PrintWriter err,
      boolean detached,
      JobTagging tagging,
      JobRecorder recorder) {
    this.out = out;
    this.err = err;
    this.detached = detached;
    this.tagging = tagging;
    this.recorder = recorder;
  }

  ScriptRunner(PrintWriter out, PrintWriter err, boolean detached, JobTagging tagging) {
    this(out, err, detached, tagging, null);
  }

  /** Called once, when the run's first job has been submitted. */
  ScriptRunner onFirstSubmission(Runnable action) {
    this.onFirstSubmission = action;
    return this;
  }

  /**
   * A job refused before it reached the cluster is not recorded right away but kept for {@link
   * #recordRefusal}: the caller first finds out whether validation would have refused the script.
   */
  ScriptRunner deferRefusal() {
    this.deferRefusal = true;
    return this;
  }

  /** Records the refused job kept by {@link #deferRefusal}, if any. */
  void recordRefusal() {
    refusal.run();
  }

  /** Whether a job of this run reached the cluster. */
  boolean anySubmitted() {
    return anySubmitted;
  }

  /** Returns true when every statement, and every job it started, succeeded. */
  boolean run(ScriptSession session, List<SqlScript.Statement> statements, String file) {
    for (SqlScript.Statement statement : statements) {
      err.printf("[%d/%d] %s%n", statement.number(), statements.size(), summary(statement.sql()));
      err.flush();
      submitted = false;
      try {
        tagging.beforeStatement(session.environment().getConfig());
        ScriptSession.Outcome outcome = session.apply(statement);
        if (outcome.quit()) {
          break;
        }
        show(outcome, session, statement);
      } catch (Throwable t) {
        if (recorder != null && !submitted && JOB_STATEMENT.matcher(statement.sql()).find()) {
          String name = tagging.jobName();
          String reason = Diagnostic.describe(t);
          refusal = () -> recorder.refused(name, statement.sql(), reason);
          if (!deferRefusal) {
            recordRefusal();
          }
        }
        err.println(Diagnostic.of(statement, t, session.environment()).format(file));
        err.flush();
        return false;
      }
    }
    try {
      session.finish();
    } catch (ScriptSession.ScriptException e) {
      err.println(Diagnostic.of(e.statement, e, session.environment()).format(file));
      err.flush();
      return false;
    }
    return true;
  }

  private void show(
      ScriptSession.Outcome outcome, ScriptSession session, SqlScript.Statement statement)
      throws Exception {
    TableConfig config = session.environment().getConfig();
    TableResult result = outcome.result();
    if (result == null) {
      return;
    }
    Optional<JobClient> job = result.getJobClient();
    if (!outcome.isJob() || job.isEmpty()) {
      if (outcome.isQuery()
          || (result.getResolvedSchema().getColumnCount() > 0
              && result.getResultKind() == ResultKind.SUCCESS_WITH_CONTENT)) {
        print(result, outcome.isQuery(), config);
      }
      return;
    }
    tagging.submitted(job.get().getJobID().toString());
    submitted = true;
    if (!anySubmitted) {
      anySubmitted = true;
      onFirstSubmission.run();
    }
    String runId =
        recorder == null
            ? null
            : recorder.submitted(
                tagging.jobName(), job.get().getJobID().toString(), statement.sql());
    for (String tracked : session.takeLatencyTracked()) {
      err.println("Latency tracked: " + tracked);
    }
    session.takeTestSinks().forEach(out::println);
    out.println("Job ID: " + job.get().getJobID());
    out.flush();
    Configuration conf = Configuration.fromMap(config.toMap());
    if (autoRules == null) {
      autoRules = new AutoAlertRules();
    }
    String rules = autoRules.submitted(tagging.jobName(), conf);
    if (rules != null) {
      err.println(rules);
      err.flush();
    }
    if (detached) {
      return;
    }
    // The job's result, not its status: a local cluster is gone once its job has finished.
    long millis;
    try {
      millis = job.get().getJobExecutionResult().get().getNetRuntime();
    } catch (Exception e) {
      if (recorder != null) {
        recorder.ended(runId, tagging.jobName(), false, Diagnostic.describe(e));
      }
      throw e;
    }
    if (recorder != null) {
      recorder.ended(runId, tagging.jobName(), true, null);
    }
    out.println("Job " + job.get().getJobID() + " finished in " + millis + " ms.");
    out.flush();
  }

  /**
   * Prints as Flink's SQL client does, but to this command's output: a query's rows in the client's
   * tableau style ({@code table.display.max-column-width} cuts long values, a streaming result has
   * an {@code op} column), any other result as a table with its whole values and NULL as empty,
   * except that a single {@code result} column (EXPLAIN, SHOW CREATE) is printed as plain text
   * where the client draws a box around it.
   */
  private void print(TableResult result, boolean isQuery, TableConfig config) {
    if (!(result instanceof TableResultImpl impl)) {
      result.print();
      return;
    }
    ResolvedSchema schema = impl.getResolvedSchema();
    RowDataToStringConverter converter = impl.getRowDataToStringConverter();
    PrintStyle style;
    if (!isQuery) {
      style =
          schema.getColumnNames().equals(List.of("result"))
              ? PrintStyle.rawContent(converter)
              : PrintStyle.tableauWithDataInferredColumnWidths(
                  schema, converter, Integer.MAX_VALUE, true, false);
    } else if (config.get(ExecutionOptions.RUNTIME_MODE) == RuntimeExecutionMode.BATCH) {
      style =
          PrintStyle.tableauWithDataInferredColumnWidths(
              schema,
              converter,
              config.get(TableConfigOptions.DISPLAY_MAX_COLUMN_WIDTH),
              false,
              false);
    } else {
      style = impl.getPrintStyle(); // the client's streaming style, with the configured width
    }
    style.print(impl.collectInternal(), out);
    out.flush();
  }

  private static String summary(String sql) {
    String oneLine = sql.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 100 ? oneLine : oneLine.substring(0, 97) + "...";
  }
}
