package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.FlinkCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamkit function ...} as a user runs it: a jar checked, copied into the artifact store
 * and registered; refused when the class is missing or no function, or the name is taken without
 * --force; listed, described, dropped; and a job using it on a cluster (behind its REST endpoint)
 * that gets the jar with the job, since the class is on no class path here.
 */
class FunctionCliITCase {
  @RegisterExtension static final FlinkCluster FLINK = new FlinkCluster();

  @TempDir Path dir;

  private String[] session() {
    return new String[] {
      "-D", "streamkit.catalog.url=jdbc:h2:file:" + dir.resolve("catalog").toAbsolutePath(),
      "-D", "streamkit.catalog.artifacts-dir=" + dir.resolve("artifacts").toAbsolutePath()
    };
  }

  private CliRun cli(List<String> command, String... more) throws Exception {
    String[] session = session();
    String[] all = java.util.Arrays.copyOf(session, session.length + more.length);
    System.arraycopy(more, 0, all, session.length, more.length);
    return CliRun.of(CliRun.args(command, all));
  }

  @Test
  void createCopiesTheJarListDescribeDropAndAJobOnAClusterUsesIt() throws Exception {
    Path jar = UdfJar.build(dir.resolve("udf"));

    CliRun created =
        cli(
            List.of("function", "create", "lower_it"),
            "--class",
            UdfJar.CLASS,
            "--jar",
            jar.toString(),
            "--description",
            "lower-cases");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.out()).contains("Stored default.lower_it = " + UdfJar.CLASS);
    try (var stored = Files.walk(dir.resolve("artifacts"))) {
      assertThat(stored.filter(p -> p.getFileName().toString().equals("lower-udf.jar")))
          .as("the jar is in the artifact store, under its SHA-256")
          .singleElement()
          .satisfies(p -> assertThat(p.getParent().getFileName().toString()).hasSize(64));
    }

    CliRun taken =
        cli(
            List.of("function", "create", "lower_it"),
            "--class",
            UdfJar.CLASS,
            "--jar",
            jar.toString());
    assertThat(taken.exitCode()).isEqualTo(1);
    assertThat(taken.err()).contains("exists already; --force replaces it");
    CliRun forced =
        cli(
            List.of("function", "create", "lower_it"),
            "--class",
            UdfJar.CLASS,
            "--jar",
            jar.toString(),
            "--force",
            "--description",
            "lower-cases, v2");
    assertThat(forced.exitCode()).as(forced.toString()).isZero();

    CliRun missing =
        cli(List.of("function", "create", "nope"), "--class", "no.Such", "--jar", jar.toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err())
        .contains("Function nope refused, nothing stored: class no.Such is not in " + jar);
    CliRun notAFunction =
        cli(
            List.of("function", "create", "nope"),
            "--class",
            "java.lang.String",
            "--jar",
            jar.toString());
    assertThat(notAFunction.exitCode()).isEqualTo(1);
    assertThat(notAFunction.err()).contains("is not a function");

    assertThat(cli(List.of("function", "list")).out())
        .contains("default.lower_it\t" + UdfJar.CLASS + "\tJAVA")
        .doesNotContain("nope");
    assertThat(cli(List.of("function", "describe", "lower_it")).out())
        .contains("class:     " + UdfJar.CLASS)
        .contains("description: lower-cases, v2")
        .contains(dir.resolve("artifacts").toAbsolutePath().toString());

    // The original jar is gone; the job runs on the cluster with the stored copy, sent with it.
    Files.delete(jar);
    Path script =
        Files.writeString(
            dir.resolve("use.sql"),
            """
            CREATE TEMPORARY TABLE src (s STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '3', 'fields.s.length' = '4');
            CREATE TEMPORARY TABLE snk (s STRING) WITH ('connector' = 'blackhole');
            INSERT INTO snk SELECT lower_it(s) FROM src;
            """);
    CliRun job =
        cli(
            List.of("sql", "run", "--target", "remote", "--rest", FLINK.restHostPort()),
            script.toString());
    assertThat(job.exitCode()).as(job.toString()).isZero();

    CliRun dropped = cli(List.of("function", "drop", "lower_it"));
    assertThat(dropped.exitCode()).isZero();
    assertThat(cli(List.of("function", "describe", "lower_it")).exitCode()).isEqualTo(1);
    assertThat(cli(List.of("function", "drop", "lower_it"), "--if-exists").exitCode()).isZero();
  }
}
