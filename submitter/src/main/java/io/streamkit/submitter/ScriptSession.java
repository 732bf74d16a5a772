package io.streamkit.submitter;

import io.streamkit.latency.flink.LatencyTrackerOptions;
import io.streamkit.latency.flink.TrackedPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableConfig;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.api.internal.TableResultImpl;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.operations.BeginStatementSetOperation;
import org.apache.flink.table.operations.CompileAndExecutePlanOperation;
import org.apache.flink.table.operations.CreateTableASOperation;
import org.apache.flink.table.operations.EndStatementSetOperation;
import org.apache.flink.table.operations.ExplainOperation;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.operations.ReplaceTableAsOperation;
import org.apache.flink.table.operations.SinkModifyOperation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.apache.flink.table.operations.command.ClearOperation;
import org.apache.flink.table.operations.command.DescribeJobOperation;
import org.apache.flink.table.operations.command.ExecutePlanOperation;
import org.apache.flink.table.operations.command.HelpOperation;
import org.apache.flink.table.operations.command.QuitOperation;
import org.apache.flink.table.operations.command.RemoveJarOperation;
import org.apache.flink.table.operations.command.ResetOperation;
import org.apache.flink.table.operations.command.SetOperation;
import org.apache.flink.table.operations.command.ShowJobsOperation;
import org.apache.flink.table.operations.command.StopJobOperation;
import org.apache.flink.table.operations.ddl.CompilePlanOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.table.operations.ddl.DropTableOperation;
import org.apache.flink.types.Row;

/**
 * A script's table session, giving each statement the meaning Flink's SQL client ({@code
 * sql-client.sh -f}) gives it: {@code SET}/{@code RESET} change the session configuration, {@code
 * BEGIN STATEMENT SET; ... END;} collects INSERTs into one job, {@code STOP JOB}, {@code SHOW JOBS}
 * and {@code DESCRIBE JOB} talk to the cluster, and what the client refuses is refused with the
 * client's own message. {@code TableEnvironment#executeSql} alone knows none of these.
 *
 * <p>{@code sql validate} and {@code sql run} both go through this one state machine, in a dry run
 * and for real, so whatever validation accepts also runs and a script is never half-applied. A dry
 * run plans queries and INSERTs without running them, applies DDL to the session's (overlay)
 * catalog, and only parses statements whose effect reaches outside the session.
 */
final class ScriptSession implements AutoCloseable {
  static final String ONLY_INSERT_IN_SET =
      "Only 'INSERT/CREATE TABLE AS' statement is allowed in Statement Set or use 'END' statement"
          + " to submit Statement Set.";
  static final String END_WITHOUT_BEGIN =
      "No Statement Set to submit. 'END' statement should be used after 'BEGIN STATEMENT SET'.";

  /** What a statement produced, for the runner to print or wait for. */
  record Outcome(TableResult result, boolean isJob, boolean isQuery, boolean quit) {
    static final Outcome NOTHING = new Outcome(null, false, false, false);
    static final Outcome QUIT = new Outcome(null, false, false, true);
  }

  private final Configuration initial;
  private Configuration current;
  private final boolean dryRun;
  private final boolean remote;
  private final TestSinks testSinks; // null unless a test run
  private SessionEnvironment env;
  private List<ModifyOperation> statementSet; // null while no BEGIN STATEMENT SET is open
  private SqlScript.Statement statementSetBegin;

  /**
   * @param env the table session; replaced by one in the other mode (over the same catalogs,
   *     functions and jars) when a SET or RESET changes {@code execution.runtime-mode}
   * @param dryRun validate only: plan, apply DDL to the overlay, run nothing
   * @param remote whether the target is a running cluster (needed by STOP JOB and SHOW JOBS)
   */
  ScriptSession(
      Configuration conf,
      SessionEnvironment env,
      boolean dryRun,
      boolean remote,
      TestSinks testSinks) {
    this.initial = new Configuration(conf);
    this.current = new Configuration(conf);
    this.dryRun = dryRun;
    this.remote = remote;
    this.testSinks = testSinks;
    this.env = env;
  }

  /** In a test run, where the sinks of the jobs submitted since the last call went. */
  List<String> takeTestSinks() {
    return testSinks == null ? List.of() : testSinks.takeRedirected();
  }

  TableEnvironment environment() {
    return env;
  }

  /** The sources and sinks given latency tracking since the last call, one line each. */
  List<String> takeLatencyTracked() {
    return env.takeLatencyTracked();
  }

  /** Applies one statement; throws with a message for the user when it fails. */
  Outcome apply(SqlScript.Statement statement) throws Exception {
    TableEnvironmentInternal internal = (TableEnvironmentInternal) env;
    List<Operation> parsed = internal.getParser().parse(statement.sql());
    if (parsed.size() != 1) {
      throw new IllegalArgumentException(
          "Expected one statement, found " + parsed.size() + "; end each statement with ';'.");
    }
    Operation op = parsed.get(0);
    return statementSet != null ? inStatementSet(op) : outside(op, statement);
  }

  /** A statement set left open at the end of the script is an error, not silently dropped. */
  void finish() {
    if (statementSet != null) {
      throw new ScriptException(
          statementSetBegin,
          "'BEGIN STATEMENT SET' has no 'END': its "
              + statementSet.size()
              + " INSERT statement(s) would never be submitted. Add 'END;' after the last INSERT.");
    }
  }

  private Outcome inStatementSet(Operation op) throws Exception {
    if (op instanceof EndStatementSetOperation) {
      List<ModifyOperation> operations = statementSet;
      statementSet = null; // like the client: the set is closed whether or not it runs
      if (dryRun) {
        operations.forEach(this::createTargetTable);
        return Outcome.NOTHING;
      }
      if (operations.isEmpty()) {
        return Outcome.NOTHING;
      }
      return job(internal().executeInternal(test(new StatementSetOperation(operations))));
    }
    if (op instanceof ModifyOperation modify) {
      if (dryRun) {
        plan(modify);
      }
      statementSet.add(modify);
      return Outcome.NOTHING;
    }
    throw new IllegalArgumentException(ONLY_INSERT_IN_SET);
  }

  private Outcome outside(Operation op, SqlScript.Statement statement) throws Exception {
    if (op instanceof SetOperation set) {
      return set(set);
    } else if (op instanceof ResetOperation reset) {
      reset(reset.getKey().map(String::trim).orElse(null));
      return Outcome.NOTHING;
    } else if (op instanceof BeginStatementSetOperation) {
      statementSet = new ArrayList<>();
      statementSetBegin = statement;
      return Outcome.NOTHING;
    } else if (op instanceof EndStatementSetOperation) {
      throw new IllegalArgumentException(END_WITHOUT_BEGIN);
    } else if (op instanceof QuitOperation) {
      return Outcome.QUIT;
    } else if (op instanceof HelpOperation || op instanceof ClearOperation) {
      return Outcome.NOTHING; // interactive commands of the client; nothing to do in a script
    } else if (op instanceof RemoveJarOperation remove) {
      env.removeJar(remove.getPath());
      return Outcome.NOTHING;
    } else if (op instanceof StopJobOperation
        || op instanceof ShowJobsOperation
        || op instanceof DescribeJobOperation) {
      return clusterAction(op);
    } else if (op instanceof ModifyOperation || op instanceof StatementSetOperation) {
      if (dryRun) {
        plan(op);
        if (op instanceof ModifyOperation modify) {
          createTargetTable(modify);
        }
        return Outcome.NOTHING;
      }
      return job(internal().executeInternal(test(op)));
    } else if (op instanceof QueryOperation) {
      if (dryRun) {
        plan(op);
        return Outcome.NOTHING;
      }
      return new Outcome(internal().executeInternal(op), false, true, false);
    } else if (op instanceof CompilePlanOperation compile && dryRun) {
      compile(compile.getFilePath(), compile.isIfNotExists(), compile.getOperation());
      return Outcome.NOTHING;
    } else if (op instanceof CompileAndExecutePlanOperation compile) {
      if (dryRun) {
        compile(compile.getFilePath(), true, compile.getOperation()); // an existing plan is run
        return Outcome.NOTHING;
      }
      return job(internal().executeInternal(test(op)));
    } else if (op instanceof ExecutePlanOperation) {
      // The plan file may be written by a COMPILE PLAN earlier in the script: parsed only.
      return dryRun ? Outcome.NOTHING : job(internal().executeInternal(test(op)));
    } else if (!dryRun) {
      if (testSinks != null && op instanceof CreateTableOperation create) {
        op = testSinks.created(create);
      }
      return new Outcome(internal().executeInternal(op), false, false, false);
    } else if (isSafeToApply(op)) {
      internal().executeInternal(op);
      if (op instanceof CreateTableOperation create) {
        ConnectorCheck.check(internal(), create);
      }
    }
    // Anything else (CALL, ANALYZE, ...) is only parsed in a dry run: running it would have
    // effects outside the session.
    return Outcome.NOTHING;
  }

  /**
   * COMPILE PLAN in a dry run: fails where writing the plan file would (Flink's check and message)
   * and compiles the plan without writing it. {@code ifExists}: an existing file is used instead.
   */
  private void compile(String file, boolean ifExists, Operation op) throws Exception {
    if (env.planFileExists(file)) {
      if (ifExists) {
        return;
      }
      if (!env.getConfig().get(TableConfigOptions.PLAN_FORCE_RECOMPILE)) {
        throw new TableException(
            String.format(
                "Cannot overwrite the plan file '%s'. Either manually remove the file or, if you're"
                    + " debugging your job, set the option '%s' to true.",
                file, TableConfigOptions.PLAN_FORCE_RECOMPILE.key()));
      }
    }
    internal()
        .compilePlan(
            op instanceof StatementSetOperation set
                ? set.getOperations()
                : List.of((ModifyOperation) op));
  }

  /** Compiles a query, INSERT or statement set to its full plan, creating its connectors. */
  private void plan(Operation op) {
    List<Operation> operations =
        op instanceof StatementSetOperation set
            ? new ArrayList<>(set.getOperations())
            : List.of(op);
    internal().explainInternal(operations);
    checkLatencyTracking(operations);
  }

  /**
   * A dry run fails where latency tracking would fail the job's submission (an origin column the
   * table does not have): the INSERTs are translated as a run translates them and tracked.
   */
  private void checkLatencyTracking(List<Operation> operations) {
    TableConfig config = env.getConfig();
    if (!config.get(LatencyTrackerOptions.ENABLED)) {
      return;
    }
    List<ModifyOperation> sinks = new ArrayList<>();
    for (Operation op : operations) {
      if (op instanceof SinkModifyOperation sink) {
        sinks.add(sink);
      }
    }
    if (!sinks.isEmpty()) {
      TrackedPipeline.track(env.getPlanner().translate(sinks), config);
    }
  }

  /**
   * In a dry run, the table a CREATE [OR REPLACE] TABLE ... AS SELECT makes when it runs is made in
   * the overlay, so the statements after it see it.
   */
  private void createTargetTable(ModifyOperation op) {
    CreateTableOperation create;
    if (op instanceof CreateTableASOperation ctas) {
      create = ctas.getCreateTableOperation();
    } else if (op instanceof ReplaceTableAsOperation rtas) {
      create = rtas.getCreateTableOperation();
      internal().executeInternal(new DropTableOperation(create.getTableIdentifier(), true, false));
    } else {
      return;
    }
    internal().executeInternal(create);
  }

  private Outcome set(SetOperation set) {
    if (set.getKey().isEmpty()) {
      return dryRun ? Outcome.NOTHING : new Outcome(listConfiguration(), false, false, false);
    }
    String key = set.getKey().get().trim();
    String value = set.getValue().orElse("").trim();
    if (testSinks != null && key.equals(PipelineOptions.NAME.key()) && !value.isEmpty()) {
      value = testSinks.jobName(value); // a test run's jobs are told apart by their names
    }
    Configuration next = new Configuration(current);
    next.setString(key, value);
    try {
      env.check(next);
    } catch (RuntimeException e) {
      // The client's message; the session keeps its configuration.
      throw new IllegalArgumentException(
          String.format("Failed to set key %s with value %s.", key, value), e);
    }
    change(next, key);
    return Outcome.NOTHING;
  }

  private void reset(String key) {
    Configuration next = new Configuration(initial);
    if (key != null) {
      next = new Configuration(current);
      String original = initial.toMap().get(key);
      if (original == null) {
        next.removeKey(key);
      } else {
        next.setString(key, original);
      }
    }
    change(next, key);
  }

  /** Makes {@code next} the session configuration; {@code key} is the one changed, or all. */
  private void change(Configuration next, String key) {
    Configuration table = env.getConfig().getConfiguration();
    Map<String, String> values = next.toMap();
    for (String k : key == null ? union(current, next) : List.of(key)) {
      if (values.containsKey(k)) {
        table.setString(k, values.get(k));
      } else {
        table.removeKey(k);
      }
    }
    RuntimeExecutionMode mode = next.get(ExecutionOptions.RUNTIME_MODE);
    if (mode != current.get(ExecutionOptions.RUNTIME_MODE)) {
      // Flink fixes streaming or batch per TableEnvironment; the client (through the SQL
      // gateway) plans each statement in a new one over the session's catalogs, and so do we.
      env = env.in(mode, next);
    }
    current = next;
  }

  private static List<String> union(Configuration a, Configuration b) {
    List<String> keys = new ArrayList<>(a.keySet());
    b.keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
    return keys;
  }

  private TableResult listConfiguration() {
    Map<String, String> shown =
        ConfigurationUtils.hideSensitiveValues(env.getConfig().getConfiguration().toMap());
    List<Row> rows = new ArrayList<>();
    shown.keySet().stream().sorted().forEach(k -> rows.add(Row.of(k, shown.get(k))));
    return TableResultImpl.builder()
        .resultKind(ResultKind.SUCCESS_WITH_CONTENT)
        .schema(
            ResolvedSchema.of(
                Column.physical("key", DataTypes.STRING()),
                Column.physical("value", DataTypes.STRING())))
        .data(rows)
        .build();
  }

  private Outcome clusterAction(Operation op) throws Exception {
    if (!remote) {
      throw new IllegalArgumentException(
          op.asSummaryString()
              + " needs a running cluster: use --target remote --rest host:port. A local job"
              + " ends with the CLI process.");
    }
    if (dryRun) {
      return Outcome.NOTHING;
    }
    return new Outcome(ClusterActions.run(op, current), false, false, false);
  }

  /** A job's operation as it runs: in a test run, writing to the test copies of its sinks. */
  private Operation test(Operation op) {
    return testSinks == null ? op : testSinks.rewrite(op);
  }

  private static Outcome job(TableResult result) {
    return new Outcome(result, true, false, false);
  }

  private TableEnvironmentInternal internal() {
    return (TableEnvironmentInternal) env;
  }

  /**
   * DDL (applied to the overlay), USE, SET, SHOW, DESCRIBE, EXPLAIN, ADD JAR and modules change
   * nothing outside the session.
   */
  private static boolean isSafeToApply(Operation operation) {
    String type = operation.getClass().getName();
    String simple = operation.getClass().getSimpleName();
    return type.startsWith("org.apache.flink.table.operations.ddl.")
        || operation instanceof ExplainOperation
        || simple.equals("AddJarOperation")
        || simple.equals("ShowJarsOperation")
        || simple.startsWith("Use")
        || simple.startsWith("Show")
        || simple.startsWith("Describe")
        || simple.endsWith("ModuleOperation");
  }

  @Override
  public void close() {
    SqlSession.close(env);
  }

  /** An error that belongs to another statement than the one being applied. */
  static final class ScriptException extends RuntimeException {
    final SqlScript.Statement statement;

    ScriptException(SqlScript.Statement statement, String message) {
      super(message);
      this.statement = statement;
    }
  }
}
