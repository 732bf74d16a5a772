package io.streamkit.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The tarball {@code dist.tarball} unpacked as an operator unpacks it: {@code tar xzf}. */
final class UnpackedDistribution {
  private UnpackedDistribution() {}

  /** Unpacks the tarball into {@code dir}; returns the distribution's home, streamkit-VERSION. */
  static Path unpack(Path dir) throws IOException, InterruptedException {
    Path tarball = Path.of(System.getProperty("dist.tarball"));
    Process tar =
        new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", dir.toString())
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();
    try (Stream<Path> top = Files.list(dir)) {
      return top.findFirst().orElseThrow();
    }
  }

  /** The jars directly in {@code dir}, sorted by name. */
  static List<Path> jars(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
  }

  /** The jar in {@code dir} whose file name starts with {@code prefix}. */
  static Path jar(Path dir, String prefix) throws IOException {
    return jars(dir).stream()
        .filter(p -> p.getFileName().toString().startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in " + dir));
  }

  /** A jar the build copied for the cluster tests (see the dist pom), by its file name's start. */
  static Path clusterTestJar(String prefix) throws IOException {
    return jar(Path.of(System.getProperty("cluster.test.jars")), prefix);
  }

  /**
   * Fills {@code pathDir} with Java and the shell tools the launchers use, nothing else: run with
   * it as PATH, they must not need Maven, the source tree or anything else.
   */
  static void javaAndShellOnly(Path pathDir) throws IOException {
    Files.createSymbolicLink(
        pathDir.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    for (String tool : List.of("bash", "env", "dirname")) {
      Files.createSymbolicLink(pathDir.resolve(tool), Path.of("/usr/bin", tool));
    }
  }

  record Run(int exitCode, String output) {}

  /** Runs {@code command} with PATH {@code pathDir} and HOME {@code home} only; waits 5 minutes. */
  static Run run(Path pathDir, Path home, String... command) throws Exception {
    Path log = Files.createTempFile(home, "run", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", pathDir.toString());
    builder.environment().put("HOME", home.toString());
    Process p = builder.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + Files.readString(log));
    }
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
