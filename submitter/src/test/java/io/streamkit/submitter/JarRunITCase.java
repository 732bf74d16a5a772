package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.submitter.jarjob.KafkaUpperJob;
import io.streamkit.testkit.FlinkCluster;
import io.streamkit.testkit.FlinkStandaloneCluster;
import io.streamkit.testkit.Kafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jar run} and {@code jar validate} with a DataStream job jar built here (Kafka in, Kafka
 * out; the connector comes from the class path, as from Flink's lib/): run locally and on a
 * MiniCluster behind REST, recorded as jobs; and the bad jars 'flink run' would fail on later.
 */
class JarRunITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();
  @RegisterExtension static final FlinkCluster FLINK = new FlinkCluster();

  @TempDir static Path tmp;
  private static Path jobJar;

  @BeforeAll
  static void buildTheJobJar() throws Exception {
    jobJar = jar("kafka-upper.jar", KafkaUpperJob.class.getName(), List.of());
    KAFKA.createTopic("words", 1);
    KAFKA.produce("words", List.of("alpha", "beta", "gamma"));
  }

  private static List<String> common() {
    return List.of(
        "-D", "streamkit.catalog.url=jdbc:h2:file:" + tmp.resolve("catalog").toAbsolutePath());
  }

  private static CliRun cli(String command, String subcommand, String... rest) {
    List<String> args = new ArrayList<>(List.of(command, subcommand));
    args.addAll(common());
    args.addAll(List.of(rest));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void aDataStreamJarRunsLocallyAndIsRecorded() throws Exception {
    // Everything after the jar goes to main, as with 'flink run': a leading -- is dropped.
    CliRun run =
        cli(
            "jar",
            "run",
            jobJar.toString(),
            "--",
            KAFKA.bootstrapServers(),
            "words",
            "upper-local");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).containsPattern("Job ID: [0-9a-f]{32}");
    assertThat(KAFKA.consumeValues("upper-local"))
        .containsExactlyInAnyOrder("ALPHA", "BETA", "GAMMA");
    CliRun status = cli("job", "status", "kafka-upper");
    assertThat(status.out()).contains("state:         finished").contains("cluster:       local");
    // Its lineage went to the catalog as a SQL job's does (written right after submission).
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    CliRun lineage = cli("lineage", "show");
    while (!lineage.out().contains("upper-local") && System.nanoTime() < deadline) {
      Thread.sleep(200);
      lineage = cli("lineage", "show");
    }
    assertThat(lineage.out()).as(lineage.toString()).contains("words").contains("upper-local");
  }

  @Test
  void aDataStreamJarRunsOnARemoteClusterDetached() throws Exception {
    CliRun run =
        cli(
            "jar",
            "run",
            "--target",
            "remote",
            "--rest",
            FLINK.restHostPort(),
            "--detached",
            "-D",
            "pipeline.name=upper-remote",
            jobJar.toString(),
            KAFKA.bootstrapServers(),
            "words",
            "upper-remote");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (KAFKA.consumeValues("upper-remote").size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(KAFKA.consumeValues("upper-remote"))
        .containsExactlyInAnyOrder("ALPHA", "BETA", "GAMMA");
    assertThat(cli("job", "list", "--all").out()).contains("upper-remote");
  }

  @Test
  void aJarJobIsStoppedWithASavepointCheckedAgainstAChangedGraphAndResumed() throws Exception {
    Path savepoints = tmp.resolve("jar-savepoints");
    List<String> remote =
        List.of("--target", "remote", "--rest", FLINK.restHostPort(), "--detached");
    List<String> run = new ArrayList<>(remote);
    run.addAll(List.of("-D", "pipeline.name=upper-stateful", jobJar.toString()));
    run.addAll(List.of(KAFKA.bootstrapServers(), "words", "upper-stateful", "unbounded"));
    CliRun first = cli("jar", "run", run.toArray(String[]::new));
    assertThat(first.exitCode()).as(first.toString()).isZero();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (KAFKA.consumeValues("upper-stateful").size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    CliRun stop =
        cli("job", "stop", "upper-stateful", "--savepoint", savepoints.toUri().toString());
    assertThat(stop.exitCode()).as(stop.toString()).isZero();
    String savepoint = stop.out().substring(stop.out().indexOf("savepoint ") + 10).trim();

    // Another graph (a filter more): refused before submission, the source's state named.
    List<String> changed = new ArrayList<>(remote);
    changed.addAll(List.of("--from-savepoint", savepoint, "-D", "pipeline.name=upper-stateful"));
    changed.addAll(List.of(jobJar.toString(), KAFKA.bootstrapServers(), "words"));
    changed.addAll(List.of("upper-stateful", "unbounded", "filtered"));
    CliRun refused = cli("jar", "run", changed.toArray(String[]::new));
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err())
        .contains("The savepoint " + savepoint + " does not fit the new plan")
        .contains("state dropped: operator");

    // Resumed as recorded (the same jar, main and arguments): the savepoint fits.
    CliRun resume = cli("job", "resume", "upper-stateful", "--from-savepoint", savepoint);
    assertThat(resume.exitCode()).as(resume.toString()).isZero();
    assertThat(resume.out()).containsPattern("Job ID: [0-9a-f]{32}");
    CliRun cancel = cli("job", "cancel", "upper-stateful");
    assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
  }

  @Test
  void badJarsAndMainsGetOneClearLine() throws Exception {
    Path notAJar = Files.writeString(tmp.resolve("job.txt"), "not a jar");
    CliRun text = cli("jar", "run", notAJar.toString());
    assertThat(text.exitCode()).isEqualTo(1);
    assertThat(text.err()).contains("is not a jar");

    Path noManifest = jar("no-main.jar", null, List.of());
    assertThat(cli("jar", "run", noManifest.toString()).err())
        .contains("names no main class (no Main-Class in its manifest): give --class MAIN.");
    assertThat(cli("jar", "validate", "--class", "no.Such", jobJar.toString()).err())
        .contains("Main class no.Such is not in");

    CliRun noExecute =
        cli(
            "jar",
            "run",
            "--class",
            "io.streamkit.submitter.jarjob.NoExecuteJob",
            jobJar.toString());
    assertThat(noExecute.exitCode()).isEqualTo(1);
    assertThat(noExecute.err())
        .contains("returned without calling execute(): no job was submitted.");

    CliRun throwing =
        cli(
            "jar",
            "run",
            "--class",
            "io.streamkit.submitter.jarjob.ThrowingJob",
            jobJar.toString());
    assertThat(throwing.exitCode()).isEqualTo(1);
    assertThat(throwing.err())
        .contains("the main method of io.streamkit.submitter.jarjob.ThrowingJob failed")
        .contains("missing argument: the input topic");

    // A fat jar with flink-streaming-java inside.
    Path fat =
        jar("fat.jar", KafkaUpperJob.class.getName(), List.of(StreamExecutionEnvironment.class));
    CliRun validate =
        cli("jar", "validate", fat.toString(), KAFKA.bootstrapServers(), "words", "x");
    assertThat(validate.exitCode()).isEqualTo(1);
    assertThat(validate.err())
        .contains("bundles Flink's own classes (org/apache/flink/streaming/api/environment")
        .contains("Declare Flink's dependencies 'provided'");
    // An argument of main that looks like an option of ours goes to main ('flink run' style).
    CliRun good =
        cli(
            "jar",
            "validate",
            jobJar.toString(),
            KAFKA.bootstrapServers(),
            "words",
            "x",
            "--unbounded");
    assertThat(good.exitCode()).as(good.toString()).isZero();
    assertThat(good.out()).contains("builds job kafka-upper with");
  }

  /** A jar of the jarjob package's classes (and {@code extra} classes), Main-Class {@code main}. */
  /**
   * {@code jar validate --rest}: a job whose Kafka connector comes from Flink's lib/ (not bundled)
   * against a real cluster whose lib/ lacks it, found before anything runs there.
   */
  @Test
  void validateFindsAConnectorTheClusterLibLacks() throws Exception {
    FlinkStandaloneCluster bare = new FlinkStandaloneCluster(1, 1); // Flink's own lib/ only
    bare.start();
    try {
      CliRun validate =
          cli(
              "jar",
              "validate",
              "--rest",
              bare.rest(),
              jobJar.toString(),
              "--",
              KAFKA.bootstrapServers(),
              "words",
              "upper-validate");
      assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(1);
      assertThat(validate.err()).contains("flink-connector-kafka");
      assertThat(KAFKA.consumeValues("upper-validate")).isEmpty();

      CliRun local = cli("jar", "validate", jobJar.toString(), "--", "x:1", "words", "y");
      assertThat(local.exitCode()).as(local.toString()).isZero(); // no cluster named: no check
    } finally {
      bare.close();
    }
  }

  private static Path jar(String name, String main, List<Class<?>> extra) throws Exception {
    return JobJars.build(tmp.resolve(name), main, extra);
  }
}
