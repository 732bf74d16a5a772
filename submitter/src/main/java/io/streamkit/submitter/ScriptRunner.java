package io.streamkit.submitter;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.operations.StatementSetOperation;

/**
 * Runs a script's statements in order. DDL, SET and USE apply to the session and catalog; every
 * INSERT (or EXECUTE STATEMENT SET) is one Flink job: its id is printed and, unless detached, the
 * runner waits for it to finish. Stops at the first failure.
 */
final class ScriptRunner {
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean detached;
  private final Consumer<String> onSubmitted;

  ScriptRunner(PrintWriter out, PrintWriter err, boolean detached) {
    this(out, err, detached, id -> {});
  }

  /** {@code onSubmitted} hears the id of each job as soon as it is submitted. */
  ScriptRunner(PrintWriter out, PrintWriter err, boolean detached, Consumer<String> onSubmitted) {
    this.out = out;
    this.err = err;
    this.detached = detached;
    this.onSubmitted = onSubmitted;
  }

  /** Returns true when every statement, and every job it started, succeeded. */
  boolean run(TableEnvironment env, List<SqlScript.Statement> statements, String file) {
    for (SqlScript.Statement statement : statements) {
      err.printf("[%d/%d] %s%n", statement.number(), statements.size(), summary(statement.sql()));
      err.flush();
      try {
        execute(env, statement);
      } catch (Throwable t) {
        err.println(Diagnostic.of(statement, t, env).format(file));
        err.flush();
        return false;
      }
    }
    return true;
  }

  private void execute(TableEnvironment env, SqlScript.Statement statement)
      throws InterruptedException, ExecutionException {
    Operation operation =
        ((TableEnvironmentInternal) env).getParser().parse(statement.sql()).get(0);
    TableResult result = env.executeSql(statement.sql());
    if (operation instanceof QueryOperation) {
      result.print(); // to System.out, like Flink's SQL client
      return;
    }
    boolean isJob =
        operation instanceof ModifyOperation || operation instanceof StatementSetOperation;
    Optional<JobClient> job = result.getJobClient();
    if (!isJob || job.isEmpty()) {
      if (result.getResolvedSchema().getColumnCount() > 0
          && result.getResultKind() == org.apache.flink.table.api.ResultKind.SUCCESS_WITH_CONTENT) {
        result.print();
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

  private static String summary(String sql) {
    String oneLine = sql.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 100 ? oneLine : oneLine.substring(0, 97) + "...";
  }
}
