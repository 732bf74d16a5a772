package io.streamkit.submitter;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.internal.TableResultImpl;
import org.apache.flink.table.utils.print.PrintStyle;

/**
 * Runs a script's statements in order through a {@link ScriptSession}. DDL, SET and USE apply to
 * the session and catalog; every INSERT, EXECUTE STATEMENT SET or BEGIN STATEMENT SET ... END is
 * one Flink job: its id is printed and, unless detached, the runner waits for it to finish. Results
 * (SELECT, SHOW, DESCRIBE, EXPLAIN, SET) are printed to {@code out}. Stops at the first failure.
 */
final class ScriptRunner {
  /** Wide enough for paths, job ids and option keys, which the client's default of 30 cuts. */
  private static final int MAX_COLUMN_WIDTH = 200;

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean detached;
  private final Consumer<String> onSubmitted;

  /** {@code onSubmitted} hears the id of each job as soon as it is submitted. */
  ScriptRunner(PrintWriter out, PrintWriter err, boolean detached, Consumer<String> onSubmitted) {
    this.out = out;
    this.err = err;
    this.detached = detached;
    this.onSubmitted = onSubmitted;
  }

  /** Returns true when every statement, and every job it started, succeeded. */
  boolean run(ScriptSession session, List<SqlScript.Statement> statements, String file) {
    for (SqlScript.Statement statement : statements) {
      err.printf("[%d/%d] %s%n", statement.number(), statements.size(), summary(statement.sql()));
      err.flush();
      try {
        ScriptSession.Outcome outcome = session.apply(statement);
        if (outcome.quit()) {
          break;
        }
        show(outcome);
      } catch (Throwable t) {
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

  private void show(ScriptSession.Outcome outcome) throws Exception {
    TableResult result = outcome.result();
    if (result == null) {
      return;
    }
    Optional<JobClient> job = result.getJobClient();
    if (!outcome.isJob() || job.isEmpty()) {
      if (outcome.isQuery()
          || (result.getResolvedSchema().getColumnCount() > 0
              && result.getResultKind() == ResultKind.SUCCESS_WITH_CONTENT)) {
        print(result, outcome.isQuery());
      }
      return;
    }
    onSubmitted.accept(job.get().getJobID().toString());
    out.println("Job ID: " + job.get().getJobID());
    out.flush();
    if (detached) {
      return;
    }
    // The job's result, not its status: a local cluster is gone once its job has finished.
    long millis = job.get().getJobExecutionResult().get().getNetRuntime();
    out.println("Job " + job.get().getJobID() + " finished in " + millis + " ms.");
    out.flush();
  }

  /**
   * Prints like Flink's SQL client does, but to this command's output: query results in their own
   * style, a single {@code result} column (EXPLAIN, SHOW CREATE) as it is, anything else as a
   * table.
   */
  private void print(TableResult result, boolean isQuery) {
    if (result instanceof TableResultImpl impl) {
      List<String> columns = impl.getResolvedSchema().getColumnNames();
      PrintStyle style =
          isQuery || columns.equals(List.of("result"))
              ? impl.getPrintStyle()
              : PrintStyle.tableauWithDataInferredColumnWidths(
                  impl.getResolvedSchema(),
                  impl.getRowDataToStringConverter(),
                  MAX_COLUMN_WIDTH,
                  false,
                  false);
      style.print(impl.collectInternal(), out);
    } else {
      result.print();
    }
    out.flush();
  }

  private static String summary(String sql) {
    String oneLine = sql.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 100 ? oneLine : oneLine.substring(0, 97) + "...";
  }
}
