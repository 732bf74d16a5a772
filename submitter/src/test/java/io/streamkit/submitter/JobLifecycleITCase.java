package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.catalog.JobRunStore;
import io.streamkit.testkit.FlinkCluster;
import io.streamkit.testkit.Kafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kafka-to-Kafka SQL job's life through {@code bin/streamkit job ...} on a cluster behind REST:
 * recorded when submitted, a savepoint, a stop with a savepoint, the changed script run from it
 * (the sink holds every record once: the offsets came back), the history with both runs and the
 * diff, a cancel behind the CLI's back found by reconciliation, a resume, and the bad inputs.
 */
class JobLifecycleITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();
  @RegisterExtension static final FlinkCluster FLINK = new FlinkCluster();

  @TempDir Path tmp;

  private List<String> common() {
    return List.of(
        "-D",
        "streamkit.catalog.url=jdbc:h2:file:" + tmp.resolve("catalog").toAbsolutePath(),
        "-D",
        "parallelism.default=1");
  }

  private CliRun job(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("job", args[0]));
    all.addAll(common());
    all.addAll(List.of(args).subList(1, args.length));
    return CliRun.of(all.toArray(String[]::new));
  }

  /** The job's script; {@code sinkOption} changes the SQL without changing the job's graph. */
  private Path script(String name, String sinkOption) throws Exception {
    return Files.writeString(
        tmp.resolve(name),
        String.join(
            "\n",
            "SET 'pipeline.name' = 'orders-copy';",
            "CREATE TEMPORARY TABLE src (id BIGINT) WITH ('connector' = 'kafka', 'topic' ="
                + " 'orders-in', 'properties.bootstrap.servers' = '${bootstrap}',"
                + " 'properties.group.id' = 'orders-copy', 'scan.startup.mode' ="
                + " 'earliest-offset', 'format' = 'json');",
            "CREATE TEMPORARY TABLE dst (id BIGINT) WITH ('connector' = 'kafka', 'topic' ="
                + " 'orders-out', 'properties.bootstrap.servers' = '${bootstrap}',"
                + sinkOption
                + " 'format' = 'json');",
            "INSERT INTO dst SELECT id FROM src;",
            ""));
  }

  private CliRun runDetached(Path script, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("sql", "run", "--target", "remote", "--rest", FLINK.restHostPort()));
    args.add("--detached");
    args.addAll(common());
    args.addAll(List.of("--var", "bootstrap=" + KAFKA.bootstrapServers()));
    args.addAll(List.of(extra));
    args.add(script.toString());
    return CliRun.of(args.toArray(String[]::new));
  }

  private static void produce(int from, int to) {
    KAFKA.produce(
        "orders-in", IntStream.range(from, to).mapToObj(i -> "{\"id\":" + i + "}").toList());
  }

  private static void awaitOut(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (KAFKA.consumeValues("orders-out").size() < count && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(KAFKA.consumeValues("orders-out")).hasSize(count);
  }

  private void awaitState(String job, String state) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    CliRun status = job("status", job);
    while (!status.out().contains("state:         " + state) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      status = job("status", job);
    }
    assertThat(status.out()).as(status.toString()).contains("state:         " + state);
  }

  private static String flinkJobId(CliRun run) {
    Matcher m = Pattern.compile("Job ID: ([0-9a-f]{32})").matcher(run.out());
    assertThat(m.find()).as(run.toString()).isTrue();
    return m.group(1);
  }

  @Test
  void aJobsWholeLifeIsRecordedAndKeptTrueToTheCluster() throws Exception {
    KAFKA.createTopic("orders-in", 1);
    KAFKA.createTopic("orders-out", 1);
    produce(0, 100);
    Path v1 = script("orders-copy.sql", "");
    CliRun first = runDetached(v1);
    assertThat(first.exitCode()).as(first.toString()).isZero();
    String firstId = flinkJobId(first);
    awaitState("orders-copy", "running");
    awaitOut(100);

    CliRun list = job("list");
    assertThat(list.out()).contains("orders-copy").contains("running").contains(firstId);

    Path savepoints = tmp.resolve("savepoints");
    CliRun savepoint = job("savepoint", "orders-copy", "--dir", savepoints.toUri().toString());
    assertThat(savepoint.exitCode()).as(savepoint.toString()).isZero();
    assertThat(savepoint.out()).contains("Savepoint of job orders-copy: ");

    CliRun stop = job("stop", "orders-copy", "--savepoint", savepoints.toUri().toString());
    assertThat(stop.exitCode()).as(stop.toString()).isZero();
    String stopSavepoint = stop.out().substring(stop.out().indexOf("savepoint ") + 10).trim();
    CliRun stopped = job("status", "orders-copy");
    assertThat(stopped.out()).contains("state:         stopped").contains(stopSavepoint);

    // A change the savepoint does not fit (a filter changes the job's graph): refused before
    // anything reaches the cluster, with the state that would be dropped.
    Path filtered = script("orders-copy.sql", "").resolveSibling("orders-copy.sql");
    Files.writeString(
        filtered,
        Files.readString(filtered)
            .replace("SELECT id FROM src;", "SELECT id FROM src WHERE id >= 0;"));
    CliRun refused = runDetached(filtered, "--from-savepoint", stopSavepoint);
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err())
        .contains(
            "The savepoint " + stopSavepoint + " does not fit the new plan; nothing was submitted.")
        .contains("state dropped: operator")
        .contains("bytes of state and no operator of the new plan takes it")
        .contains("Run with --allow-non-restored-state to start without that state.");
    assertThat(job("status", "orders-copy").out()).contains("state:         failed");

    // The changed script, from the stop's savepoint: the source's offsets come back with it.
    produce(100, 200);
    Path v2 = script("orders-copy.sql", " 'sink.delivery-guarantee' = 'at-least-once',");
    CliRun second = runDetached(v2, "--from-savepoint", stopSavepoint);
    assertThat(second.exitCode()).as(second.toString()).isZero();
    String secondId = flinkJobId(second);
    awaitOut(200);
    assertThat(KAFKA.consumeValues("orders-out").stream().distinct()).hasSize(200);

    CliRun history = job("history", "orders-copy");
    assertThat(history.exitCode()).as(history.toString()).isZero();
    assertThat(history.out())
        .contains("run 1", "run 2", "run 3", firstId, secondId)
        .contains("restored from " + stopSavepoint)
        .containsPattern("\\+CREATE TEMPORARY TABLE dst .*'sink.delivery-guarantee'")
        .containsPattern("-CREATE TEMPORARY TABLE dst .*'orders-out'");

    // Canceled behind the CLI's back: the next command finds out.
    FLINK.miniCluster().cancelJob(JobID.fromHexString(secondId)).get();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (FLINK.miniCluster().getJobStatus(JobID.fromHexString(secondId)).get()
            != JobStatus.CANCELED
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    CliRun reconciled = job("list", "--all");
    assertThat(reconciled.out())
        .containsPattern("orders-copy +canceled +" + secondId)
        .containsPattern("orders-copy +failed +- ")
        .containsPattern("orders-copy +stopped +" + firstId);

    // Resume: the recorded script and vars, from the job's latest savepoint.
    CliRun resume = job("resume", "orders-copy");
    assertThat(resume.exitCode()).as(resume.toString()).isZero();
    assertThat(resume.out()).contains("Resuming job orders-copy from " + stopSavepoint);
    String thirdId = flinkJobId(resume);
    awaitState("orders-copy", "running");
    CliRun cancel = job("cancel", "orders-copy");
    assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
    assertThat(cancel.out()).contains("Canceled job orders-copy (" + thirdId + ")");
    assertThat(job("status", thirdId).out()).contains("state:         canceled");
  }

  @Test
  void unknownJobsBadSavepointsAndFailedSubmissionsGiveOneLineAndARecord() throws Exception {
    CliRun unknown = job("status", "nope");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err())
        .contains("Unknown job 'nope': no run has that name, run id or Flink job id");

    // A submission that fails is recorded as failed, with the reason.
    Path broken =
        Files.writeString(
            tmp.resolve("broken.sql"),
            "SET 'pipeline.name' = 'broken';\nINSERT INTO no_such_table SELECT 1;\n");
    CliRun run = runDetached(broken, "--skip-validation");
    assertThat(run.exitCode()).isEqualTo(1);
    CliRun status = job("status", "broken");
    assertThat(status.out()).contains("state:         failed").contains("no_such_table");

    CliRun noSavepoint = job("resume", "broken");
    assertThat(noSavepoint.exitCode()).isEqualTo(1);
    assertThat(noSavepoint.err()).contains("has no recorded savepoint: give --from-savepoint PATH");

    CliRun missing = job("resume", "broken", "--from-savepoint", tmp.resolve("gone").toString());
    assertThat(missing.err()).contains("does not exist");
    Files.createDirectories(tmp.resolve("empty"));
    CliRun notSavepoint =
        job("resume", "broken", "--from-savepoint", tmp.resolve("empty").toString());
    assertThat(notSavepoint.err()).contains("is not a savepoint: it has no _metadata file");

    // A job the cluster does not know (it restarted without HA): lost.
    long now = System.currentTimeMillis();
    try (JobRunStore store =
        JobRunStore.open(
            Configuration.fromMap(
                Map.of("url", "jdbc:h2:file:" + tmp.resolve("catalog").toAbsolutePath())),
            getClass().getClassLoader())) {
      store.put(
          new JobRunStore.JobRun(
              "r-ghost",
              "ghost",
              new JobID().toHexString(),
              FLINK.restHostPort(),
              "running",
              "ghost.sql",
              "",
              JobRecorder.sha256(""),
              "",
              "{}",
              "{}",
              false,
              null,
              null,
              null,
              now,
              null,
              now));
    }
    assertThat(job("status", "ghost").out())
        .contains("state:         lost")
        .contains("the cluster no longer knows the job");
  }
}
