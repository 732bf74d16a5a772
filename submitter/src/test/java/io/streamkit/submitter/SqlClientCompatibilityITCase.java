package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.FlinkCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripts written for Flink's SQL client ({@code sql-client.sh -f}) run unchanged, with the same
 * meaning. They follow the client's own test scripts ({@code flink-sql-client/src/test/resources/
 * sql/set.q} and {@code statement_set.q}), with the test-only {@code values} connector replaced by
 * {@code VALUES}, {@code datagen} and {@code filesystem}.
 */
class SqlClientCompatibilityITCase {
  @RegisterExtension static final FlinkCluster FLINK = new FlinkCluster();

  @TempDir Path tmp;

  private List<String> common(String command, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "sql",
                command,
                "-D",
                "streamkit.catalog.url=jdbc:h2:file:" + tmp.resolve("catalog").toAbsolutePath(),
                "-D",
                "parallelism.default=1"));
    args.addAll(List.of(more));
    return args;
  }

  private Path script(String sql) throws Exception {
    Path file = Files.createTempFile(tmp, "job", ".sql");
    Files.writeString(file, sql);
    return file;
  }

  private CliRun run(String sql, String... flags) throws Exception {
    return CliRun.of(CliRun.args(common("run", flags), script(sql).toString()));
  }

  private CliRun validate(String sql, String... flags) throws Exception {
    return CliRun.of(CliRun.args(common("validate", flags), script(sql).toString()));
  }

  private CliRun remote(String sql, String... flags) throws Exception {
    List<String> all =
        new ArrayList<>(List.of("--target", "remote", "--rest", FLINK.restHostPort()));
    all.addAll(List.of(flags));
    return run(sql, all.toArray(String[]::new));
  }

  private static List<String> jobIds(CliRun run) {
    return run.out()
        .lines()
        .filter(l -> l.startsWith("Job ID: "))
        .map(l -> l.substring("Job ID: ".length()).trim())
        .toList();
  }

  private static AccessExecutionGraph graph(String jobId) throws Exception {
    return FLINK.miniCluster().getExecutionGraph(JobID.fromHexString(jobId)).get();
  }

  private static List<Integer> parallelisms(String jobId) throws Exception {
    List<Integer> result = new ArrayList<>();
    for (AccessExecutionJobVertex v : graph(jobId).getVerticesTopologically()) {
      result.add(v.getParallelism());
    }
    return result;
  }

  private static long lines(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      long n = 0;
      for (Path f :
          files
              .filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .toList()) {
        n += Files.readAllLines(f).stream().filter(l -> !l.isBlank()).count();
      }
      return n;
    }
  }

  private static final String SOURCES =
      "CREATE TEMPORARY TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '50');\n"
          + "CREATE TEMPORARY TABLE dst (id BIGINT) WITH ('connector' = 'blackhole');\n";

  @Test
  void setAndResetInEverySpellingChangeTheJobsThatFollow() throws Exception {
    CliRun run =
        remote(
            "SET 'sql-client.execution.result-mode' = 'tableau';\n"
                + "SET table.dml-sync=true;\n"
                + "set 'pipeline.name' = 'named-by-set';\n"
                + "SET parallelism.default = 2;\n"
                + SOURCES
                + "INSERT INTO dst SELECT id FROM src;\n"
                + "RESET 'table.dml-sync';\n"
                + "reset parallelism.default;\n"
                + "SET 'pipeline.name' = 'second';\n"
                + "INSERT INTO dst SELECT id FROM src;\n"
                + "SET;\n",
            "-D",
            "s3.secret-key=hunter2");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<String> jobs = jobIds(run);
    assertThat(jobs).hasSize(2);
    assertThat(graph(jobs.get(0)).getJobName()).isEqualTo("named-by-set");
    assertThat(parallelisms(jobs.get(0))).containsOnly(2);
    assertThat(graph(jobs.get(1)).getJobName()).isEqualTo("second");
    assertThat(parallelisms(jobs.get(1))).containsOnly(1); // back to the -D value
    // SET lists the session's configuration, secrets hidden.
    assertThat(run.out())
        .containsPattern("\\| +pipeline.name \\| +second \\|")
        .containsPattern("\\| +sql-client.execution.result-mode \\| +tableau \\|")
        .doesNotContain("table.dml-sync")
        .contains("s3.secret-key")
        .doesNotContain("hunter2");
  }

  @Test
  void runtimeModeSetAtTheTopMakesABatchSession() throws Exception {
    Path out = tmp.resolve("batch-out");
    CliRun run =
        run(
            "SET 'execution.runtime-mode' = 'batch';\n"
                + "CREATE TEMPORARY TABLE BatchTable (id INT, str STRING) WITH ('connector' ="
                + " 'filesystem', 'path' = '"
                + out.toUri()
                + "', 'format' = 'json');\n"
                + "BEGIN STATEMENT SET;\n"
                + "INSERT INTO BatchTable SELECT * FROM (VALUES (1, 'Hello World'), (2, 'Hi'),"
                + " (2, 'Hi'), (3, 'Hello'), (3, 'World'), (4, 'ADD'), (5, 'LINE')) AS T(id, str);\n"
                + "END;\n"
                + "SELECT * FROM BatchTable;\n"
                + "BEGIN STATEMENT SET;\n"
                + "END;\n");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(jobIds(run)).hasSize(1); // the empty set submits nothing
    assertThat(lines(out)).isEqualTo(7);
    // A batch result has no changelog column (a streaming one would print "op").
    assertThat(run.out()).contains("Hello World").contains("LINE").doesNotContain("| op |");
  }

  @Test
  void beginStatementSetRunsItsInsertsAsOneJob() throws Exception {
    Path a = tmp.resolve("streaming-a");
    Path b = tmp.resolve("streaming-b");
    CliRun run =
        run(
            "SET execution.runtime-mode = streaming;\n"
                + "CREATE TEMPORARY TABLE StreamingTable (id INT, str STRING) WITH ('connector' ="
                + " 'filesystem', 'path' = '"
                + a.toUri()
                + "', 'format' = 'json');\n"
                + "CREATE TEMPORARY TABLE Other (id INT, str STRING) WITH ('connector' ="
                + " 'filesystem', 'path' = '"
                + b.toUri()
                + "', 'format' = 'json');\n"
                + "BEGIN STATEMENT SET;\n"
                + "INSERT INTO StreamingTable SELECT * FROM (VALUES (1, 'Hello World'), (2, 'Hi'),"
                + " (2, 'Hi'), (3, 'Hello'), (3, 'World'), (4, 'ADD'), (5, 'LINE')) AS T(id, str);\n"
                + "INSERT INTO Other SELECT * FROM (VALUES (6, 'six')) AS T(id, str);\n"
                + "END;\n");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(jobIds(run)).hasSize(1);
    assertThat(lines(a)).isEqualTo(7);
    assertThat(lines(b)).isEqualTo(1);
  }

  /** What the client refuses fails validation, with the client's message, and nothing runs. */
  @Test
  void whatTheClientRefusesFailsValidationAndNothingRuns() throws Exception {
    String first = "CREATE DATABASE refused_%d;\n";
    Path existingPlan = Files.writeString(tmp.resolve("existing-plan.json"), "{}");
    List<String[]> cases =
        List.of(
            new String[] {
              SOURCES + "BEGIN STATEMENT SET;\nSELECT 1;\nEND;\n",
              "job.sql:5:1",
              ScriptSession.ONLY_INSERT_IN_SET
            },
            new String[] {
              SOURCES + "BEGIN STATEMENT SET;\nBEGIN STATEMENT SET;\nEND;\n",
              "job.sql:5:1",
              ScriptSession.ONLY_INSERT_IN_SET
            },
            new String[] {
              SOURCES
                  + "BEGIN STATEMENT SET;\nCREATE TABLE x (id INT) WITH ('connector' = 'blackhole');\nEND;\n",
              "job.sql:5:1",
              ScriptSession.ONLY_INSERT_IN_SET
            },
            new String[] {"END;\n", "job.sql:2:1", ScriptSession.END_WITHOUT_BEGIN},
            new String[] {
              SOURCES + "BEGIN STATEMENT SET;\nINSERT INTO dst SELECT id FROM src;\n",
              "job.sql:4:1",
              "'BEGIN STATEMENT SET' has no 'END'"
            },
            new String[] {
              SOURCES + "SET 'table.sql-dialect' = 'unknown';\n",
              "job.sql:4:1",
              "No enum constant org.apache.flink.table.api.SqlDialect.UNKNOWN"
            },
            new String[] {
              "STOP JOB '00000000000000000000000000000000' WITH SAVEPOINT;\n",
              "job.sql:2:1",
              "needs a running cluster: use --target remote"
            },
            new String[] {"EXPLAIN SELECT * FROM nope;\n", "job.sql:2:", "Object 'nope' not found"},
            // Validation compiles the plan without writing it, and fails where writing would.
            new String[] {
              SOURCES
                  + "COMPILE PLAN '"
                  + existingPlan
                  + "' FOR INSERT INTO dst SELECT id FROM src;\n",
              "job.sql:4:1",
              "Cannot overwrite the plan file '" + existingPlan + "'"
            },
            new String[] {
              SOURCES
                  + "COMPILE PLAN '"
                  + tmp.resolve("new-plan.json")
                  + "' FOR INSERT INTO dst SELECT id FROM src;\n"
                  + "EXPLAIN SELECT * FROM nope;\n",
              "job.sql:5:",
              "Object 'nope' not found"
            });
    for (int i = 0; i < cases.size(); i++) {
      String sql = String.format(first, i) + cases.get(i)[0];
      String where = cases.get(i)[1];
      String message = cases.get(i)[2];
      // sql validate has no --target: it accepts STOP JOB unless the configured target is local.
      CliRun validated = validate(sql, "-D", "execution.target=local");
      assertThat(validated.exitCode()).as("validate case %d: %s", i, validated).isEqualTo(1);
      assertThat(validated.err().replaceAll("job\\d+\\.sql", "job.sql"))
          .as("case %d", i)
          .contains(where)
          .contains(message);
      CliRun ran = run(sql);
      assertThat(ran.exitCode()).as("run case %d: %s", i, ran).isEqualTo(1);
      assertThat(ran.err())
          .as("case %d", i)
          .contains(message)
          .contains("Nothing was run: 1 statement has errors.");
      assertThat(jobIds(ran)).isEmpty();
      CliRun databases = run("SHOW DATABASES;");
      assertThat(databases.out()).as("case %d", i).doesNotContain("refused_" + i);
    }
    assertThat(tmp.resolve("new-plan.json")).as("written by validation").doesNotExist();
  }

  @Test
  void addJarLoadsAFunctionFromAJarOnNoClassPath() throws Exception {
    Path jar = UdfJar.build(tmp.resolve("udf"));
    CliRun run =
        run(
            "ADD JAR '"
                + jar
                + "';\n"
                + "SHOW JARS;\n"
                + "CREATE TEMPORARY FUNCTION lower_udf AS '"
                + UdfJar.CLASS
                + "' LANGUAGE JAVA;\n"
                + "SELECT lower_udf('Hello World') AS lowered;\n");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains(jar.toString()).contains("hello world");

    // Without ADD JAR the same function is not found, at validation.
    CliRun without =
        validate("CREATE TEMPORARY FUNCTION lower_udf AS '" + UdfJar.CLASS + "' LANGUAGE JAVA;\n");
    assertThat(without.exitCode()).as(without.toString()).isEqualTo(1);
  }

  @Test
  void explainShowCreateAndDescribeVariantsPrintTheirResults() throws Exception {
    CliRun run =
        run(
            SOURCES
                + "EXPLAIN SELECT * FROM src;\n"
                + "EXPLAIN PLAN FOR INSERT INTO dst SELECT * FROM src;\n"
                + "EXPLAIN ESTIMATED_COST, CHANGELOG_MODE SELECT id FROM src;\n"
                + "EXPLAIN STATEMENT SET BEGIN\n"
                + "  INSERT INTO dst SELECT * FROM src;\n"
                + "  INSERT INTO dst SELECT id + 1 FROM src;\n"
                + "END;\n"
                + "SHOW CREATE TABLE src;\n"
                + "DESCRIBE EXTENDED src;\n"
                + "DESC dst;\n");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("== Abstract Syntax Tree ==")
        .contains("changelogMode=[I]")
        .contains("Sink(table=[streamkit.default.dst]")
        .contains("CREATE TEMPORARY TABLE `streamkit`.`default`.`src`")
        .contains("'number-of-rows' = '50'")
        .containsPattern("\\| +id \\| +BIGINT \\|");
    assertThat(jobIds(run)).isEmpty();
  }

  @Test
  void stopJobWithSavepointOnARemoteCluster() throws Exception {
    CliRun start =
        remote(
            "CREATE TEMPORARY TABLE src (id BIGINT) WITH ('connector' = 'datagen',"
                + " 'rows-per-second' = '10');\n"
                + "CREATE TEMPORARY TABLE dst (id BIGINT) WITH ('connector' = 'blackhole');\n"
                + "INSERT INTO dst SELECT id FROM src;\n",
            "--detached");
    assertThat(start.exitCode()).as(start.toString()).isZero();
    String jobId = jobIds(start).get(0);
    awaitAllTasksRunning(jobId);

    Path savepoints = tmp.resolve("savepoints");
    CliRun stop =
        remote(
            "SET 'state.savepoints.dir' = '"
                + savepoints.toUri()
                + "';\n"
                + "SHOW JOBS;\n"
                + "DESCRIBE JOB '"
                + jobId
                + "';\n"
                + "STOP JOB '"
                + jobId
                + "' WITH SAVEPOINT;\n");
    assertThat(stop.exitCode()).as(stop.toString()).isZero();
    assertThat(stop.out()).contains(jobId).contains("RUNNING").contains(savepoints.toString());
    assertThat(FLINK.miniCluster().getJobStatus(JobID.fromHexString(jobId)).get())
        .isEqualTo(JobStatus.FINISHED);
    try (Stream<Path> files = Files.walk(savepoints)) {
      assertThat(files.map(p -> p.getFileName().toString())).contains("_metadata");
    }
  }

  @Test
  void aMisspeltKeywordIsNamed() throws Exception {
    CliRun run = validate("SELEC 1;\n");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("'SELEC' is not a statement keyword. Did you mean SELECT?");
  }

  private static void awaitAllTasksRunning(String jobId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      AccessExecutionGraph graph = graph(jobId);
      boolean all = graph.getState() == JobStatus.RUNNING;
      for (AccessExecutionVertex v : graph.getAllExecutionVertices()) {
        all &= v.getExecutionState() == ExecutionState.RUNNING;
      }
      if (all) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + jobId + " did not get all tasks running");
  }
}
