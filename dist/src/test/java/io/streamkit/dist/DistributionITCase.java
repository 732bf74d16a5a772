package io.streamkit.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binary tarball as an operator gets it: unpacked, its layout holds each jar where its docs say
 * it goes, and its launchers run with nothing but a Java runtime on the PATH (no Maven, no source
 * tree): the CLI runs the whole demo, the shuffle launcher loads its servers.
 */
class DistributionITCase {
  @TempDir static Path unpacked;
  @TempDir static Path pathDir;
  private static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    home = UnpackedDistribution.unpack(unpacked);
    UnpackedDistribution.javaAndShellOnly(pathDir);
  }

  private static List<String> names(String dir) throws IOException {
    try (Stream<Path> files = Files.list(home.resolve(dir))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void eachJarIsWhereItsDocsSayItGoes() throws Exception {
    assertThat(home.getFileName().toString()).isEqualTo("streamkit-0.1.0-SNAPSHOT");
    assertThat(names("lib/flink"))
        .containsExactly(
            "streamkit-catalog-extension-0.1.0-SNAPSHOT-flink.jar",
            "streamkit-dimension-join-0.1.0-SNAPSHOT-flink.jar",
            "streamkit-latency-tracker-0.1.0-SNAPSHOT-flink.jar",
            "streamkit-log-appender-0.1.0-SNAPSHOT-flink.jar");
    assertThat(names("plugins/streamkit-metrics-kafka"))
        .containsExactly("streamkit-metric-reporter-0.1.0-SNAPSHOT-plugin.jar");
    assertThat(names("lib/spark"))
        .containsExactly(
            "streamkit-shuffle-client-spark-0.1.0-SNAPSHOT-spark.jar",
            "streamkit-small-file-commit-0.1.0-SNAPSHOT.jar",
            "streamkit-small-file-commit-core-0.1.0-SNAPSHOT.jar");
    assertThat(names("lib/cli")).contains("streamkit-submitter-0.1.0-SNAPSHOT.jar");
    assertThat(names("lib/server")).contains("streamkit-shuffle-server-0.1.0-SNAPSHOT.jar");
    assertThat(names("examples"))
        .contains("realtime-etl.sql", "alert-rules.yaml", "sla.yaml", "sdk_log.schema");
    assertThat(names("conf")).contains("streamkit.yaml", "shuffle-master.properties");
    assertThat(home.resolve("README.md")).exists();
    assertThat(Files.isExecutable(home.resolve("bin/streamkit"))).isTrue();
    assertThat(Files.isExecutable(home.resolve("bin/streamkit-shuffle"))).isTrue();
  }

  @Test
  void theCliRunsTheDemoWithNothingButJava() throws Exception {
    UnpackedDistribution.Run demo =
        run(home.resolve("bin/streamkit").toString(), "demo", "--events", "1000");
    assertThat(demo.exitCode()).as(demo.output()).isZero();
    assertThat(demo.output()).contains("Demo succeeded").doesNotContain("building the CLI");
  }

  @Test
  void theShuffleLauncherLoadsItsServers() throws Exception {
    // Without a server to run it prints the usage with every option: its classes load.
    UnpackedDistribution.Run usage = run(home.resolve("bin/streamkit-shuffle").toString());
    assertThat(usage.exitCode()).as(usage.output()).isEqualTo(2);
    assertThat(usage.output()).contains("usage: streamkit-shuffle master|worker");
  }

  private static UnpackedDistribution.Run run(String... command) throws Exception {
    return UnpackedDistribution.run(pathDir, unpacked, command);
  }
}
