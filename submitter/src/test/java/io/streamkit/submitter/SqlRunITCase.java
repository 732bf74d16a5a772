package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.FlinkCluster;
import io.streamkit.testkit.FreePorts;
import io.streamkit.testkit.Kafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code streamkit sql run} against a real Kafka, locally and on a cluster over REST. */
class SqlRunITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();
  @RegisterExtension static final FlinkCluster FLINK = new FlinkCluster();

  @TempDir static Path tmp;

  private static final List<String> EVENTS =
      IntStream.range(0, 300)
          .mapToObj(i -> "{\"id\":" + i + ",\"kind\":\"" + (i % 3 == 0 ? "a" : "b") + "\"}")
          .toList();

  @BeforeAll
  static void produceInput() {
    KAFKA.createTopic("input", 2);
    KAFKA.produce("input", EVENTS);
  }

  private static List<String> common(String command) {
    return List.of(
        "sql",
        command,
        "-D",
        "streamkit.catalog.url=jdbc:h2:file:" + tmp.resolve("catalog").toAbsolutePath(),
        "-D",
        "parallelism.default=1",
        "--var",
        "bootstrap=" + KAFKA.bootstrapServers());
  }

  private static Path script(String name, String sql) throws Exception {
    Path file = tmp.resolve(name);
    Files.writeString(file, sql);
    return file;
  }

  private static String ddl(String db, String output) {
    return "CREATE DATABASE IF NOT EXISTS "
        + db
        + ";\n"
        + "USE "
        + db
        + ";\n"
        + "CREATE TABLE IF NOT EXISTS events (id BIGINT, kind STRING) WITH (\n"
        + "  'connector' = 'kafka', 'topic' = 'input', 'properties.bootstrap.servers' = '${bootstrap}',\n"
        + "  'properties.group.id' = 'g', 'scan.startup.mode' = 'earliest-offset',\n"
        + "  'scan.bounded.mode' = 'latest-offset', 'format' = 'json');\n"
        + "CREATE TABLE IF NOT EXISTS "
        + output
        + " (id BIGINT, kind STRING) WITH (\n"
        + "  'connector' = 'kafka', 'topic' = '"
        + output
        + "',\n"
        + "  'properties.bootstrap.servers' = '${bootstrap}', 'format' = 'json');\n";
  }

  @Test
  void runsLocallyAndTheCatalogOutlivesTheCli() throws Exception {
    Path create = script("create.sql", ddl("local_db", "only_a"));
    CliRun first = CliRun.of(CliRun.args(common("run"), create.toString()));
    assertThat(first.exitCode()).as(first.toString()).isZero();

    // A second CLI process uses the tables the first one registered.
    Path insert =
        script(
            "insert.sql",
            "INSERT INTO local_db.only_a SELECT id, kind FROM local_db.events WHERE kind = 'a';");
    CliRun second = CliRun.of(CliRun.args(common("run"), insert.toString()));
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).containsPattern("Job ID: [0-9a-f]{32}").contains("finished");
    assertThat(KAFKA.consumeValues("only_a")).hasSize(100);
    // The local job's log lines are tagged with it (log-appender reads these properties).
    assertThat(System.getProperty("STREAMKIT_JOB_NAME")).isEqualTo("insert");
    assertThat(second.out()).contains("Job ID: " + System.getProperty("STREAMKIT_JOB_ID"));
  }

  @Test
  void statementSetRunsSeveralInsertsAsOneJob() throws Exception {
    Path file =
        script(
            "set.sql",
            ddl("set_db", "out_a")
                + "CREATE TABLE out_b (id BIGINT, kind STRING) WITH ('connector' = 'kafka', 'topic' = 'out_b',"
                + " 'properties.bootstrap.servers' = '${bootstrap}', 'format' = 'json');\n"
                + "EXECUTE STATEMENT SET BEGIN\n"
                + "  INSERT INTO out_a SELECT * FROM events WHERE kind = 'a';\n"
                + "  INSERT INTO out_b SELECT * FROM events WHERE kind = 'b';\n"
                + "END;\n");
    CliRun run = CliRun.of(CliRun.args(common("run"), file.toString()));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out().split("Job ID:", -1)).hasSize(2); // exactly one job
    assertThat(KAFKA.consumeValues("out_a")).hasSize(100);
    assertThat(KAFKA.consumeValues("out_b")).hasSize(200);
  }

  @Test
  void submitsToARemoteClusterOverRest() throws Exception {
    Path file =
        script(
            "remote.sql",
            ddl("remote_db", "remote_out")
                + "INSERT INTO remote_out SELECT * FROM events WHERE kind = 'b';\n");
    CliRun run =
        CliRun.of(
            CliRun.args(
                common("run"),
                "--target",
                "remote",
                "--rest",
                FLINK.restHostPort(),
                file.toString()));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String jobId = run.out().replaceAll("(?s).*Job ID: ([0-9a-f]{32}).*", "$1");
    assertThat(
            FLINK
                .miniCluster()
                .getJobStatus(org.apache.flink.api.common.JobID.fromHexString(jobId))
                .get())
        .hasToString("FINISHED");
    assertThat(KAFKA.consumeValues("remote_out")).hasSize(200);
  }

  @Test
  void detachedReturnsWithTheJobIdWhileTheJobRuns() throws Exception {
    Path file =
        script(
            "detached.sql",
            ddl("detached_db", "detached_out")
                + "INSERT INTO detached_out SELECT * FROM events;\n");
    CliRun run =
        CliRun.of(
            CliRun.args(
                common("run"),
                "--target",
                "remote",
                "--rest",
                FLINK.restHostPort(),
                "--detached",
                file.toString()));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).containsPattern("Job ID: [0-9a-f]{32}").doesNotContain("finished");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (KAFKA.consumeValues("detached_out").size() < EVENTS.size()
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(KAFKA.consumeValues("detached_out")).hasSize(EVENTS.size());
  }

  @Test
  void unreachableClusterFailsFastWithAClearMessage() throws Exception {
    Path file = script("unreachable.sql", "SELECT 1;");
    CliRun run =
        CliRun.of(
            CliRun.args(
                common("run"),
                "--target",
                "remote",
                "--rest",
                "127.0.0.1:" + FreePorts.next(),
                file.toString()));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("Cannot reach the Flink cluster at 127.0.0.1:")
        .contains("Check --rest");
    assertThat(run.millis()).isLessThan(15_000);
  }

  @Test
  void unreachableCatalogDatabaseFailsWithinTheTimeout() throws Exception {
    Path file = script("nocatalog.sql", "SELECT 1;");
    CliRun run =
        CliRun.of(
            "sql",
            "run",
            "-D",
            "streamkit.catalog.url=jdbc:mariadb://127.0.0.1:" + FreePorts.next() + "/meta",
            "-D",
            "streamkit.catalog.password=topsecret",
            "-D",
            "streamkit.catalog.connection.timeout=1 s",
            file.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("Cannot connect to the catalog database")
        .doesNotContain("topsecret");
    assertThat(run.millis()).isLessThan(20_000);
  }

  @Test
  void aBrokenStatementStopsTheScriptBeforeAnythingRuns() throws Exception {
    Path file =
        script(
            "broken.sql",
            "CREATE DATABASE IF NOT EXISTS broken_db;\n"
                + "CREATE TABLE broken_db.t (id INT) WITH ('connector' = 'datagen');\n"
                + "INSERT INTO broken_db.t SELECT id FROM broken_db.nope;\n");
    CliRun run = CliRun.of(CliRun.args(common("run"), file.toString()));
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err())
        .contains("broken.sql:3:")
        .contains("Object 'nope' not found")
        .contains("Nothing was run");
    // Statement 2 was not applied either.
    CliRun check =
        CliRun.of(CliRun.args(common("run"), script("check.sql", "SHOW DATABASES;").toString()));
    assertThat(check.exitCode()).isZero();
  }

  /**
   * A script whose one effect is its last statement's job is planned once, not validated first
   * (ScriptShape); when it fails, what it prints is what validation first prints (every error, with
   * its place, "Nothing was run"), and no run is recorded.
   */
  @Test
  void aOneJobScriptThatFailsSaysWhatValidationFirstSays() throws Exception {
    String sql =
        "SET 'pipeline.name' = 'one-job';\n"
            + "CREATE TEMPORARY TABLE src (id INT) WITH ('connector' = 'datagen');\n"
            + "CREATE TEMPORARY TABLE dst (id INT) WITH ('connector' = 'blackhole',"
            + " 'no-such-option' = 'x');\n"
            + "INSERT INTO dst SELECT nope FROM src;\n";
    CliRun optimistic =
        CliRun.of(CliRun.args(common("run"), script("one-job.sql", sql).toString()));
    CliRun validated =
        CliRun.of(CliRun.args(common("validate"), script("one-job.sql", sql).toString()));

    assertThat(optimistic.exitCode()).as(optimistic.toString()).isEqualTo(1);
    assertThat(optimistic.err())
        .contains("one-job.sql:3:") // the option, found where validation finds it
        .contains("no-such-option")
        .contains("one-job.sql:4:")
        .contains("Nothing was run: 2 statements have errors.");
    assertThat(optimistic.err()).doesNotContain("[1/4]"); // the run's own progress was dropped
    assertThat(validated.err()).contains("no-such-option").contains("one-job.sql:4:");
    CliRun history =
        CliRun.of(
            "job",
            "list",
            "--all",
            "-D",
            "streamkit.catalog.url=jdbc:h2:file:" + tmp.resolve("catalog").toAbsolutePath());
    assertThat(history.out()).doesNotContain("one-job");

    // Fixed, it runs: planned once, its progress and job printed.
    String fixed =
        sql.replace(", 'no-such-option' = 'x'", "")
            .replace("SELECT nope", "SELECT id")
            .replace(
                "('connector' = 'datagen')", "('connector' = 'datagen', 'number-of-rows' = '3')");
    CliRun run = CliRun.of(CliRun.args(common("run"), script("one-job.sql", fixed).toString()));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err()).contains("[4/4] INSERT INTO dst");
    assertThat(run.out()).containsPattern("Job [0-9a-f]{32} finished");
  }

  @Test
  void badUsageIsExitCodeTwo() {
    assertThat(CliRun.of("sql", "run", "does-not-exist.sql").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("sql", "run", "--detached", "x.sql").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("sql", "frobnicate").exitCode()).isEqualTo(2);
  }
}
