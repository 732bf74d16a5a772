package io.streamkit.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.FlinkStandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's jars for Flink's {@code lib/} and {@code plugins/} ship no class that Flink
 * 2.2's own {@code lib/} jars, the Kafka SQL connector users add, or a typical user job (Kafka's
 * client, Jackson and Guava of other versions) also ship: their third-party code is relocated.
 */
class ClassClashITCase {
  @TempDir static Path unpacked;
  @TempDir Path dir;
  private static Path home;
  private static ClassClashes check;

  @BeforeAll
  static void unpackAndReadTheReference() throws Exception {
    home = UnpackedDistribution.unpack(unpacked);
    List<Path> reference = new ArrayList<>(FlinkStandaloneCluster.flinkLibJars());
    for (String jar :
        List.of(
            "flink-sql-connector-kafka-",
            "kafka-clients-",
            "jackson-databind-",
            "jackson-core-",
            "jackson-annotations-",
            "guava-")) {
      reference.add(UnpackedDistribution.clusterTestJar(jar));
    }
    check = new ClassClashes(reference);
  }

  @Test
  void theEngineSideJarsShipNoClassThatFlinkOrAUserJobAlsoShips() throws Exception {
    List<Path> ours = new ArrayList<>(UnpackedDistribution.jars(home.resolve("lib/flink")));
    try (Stream<Path> plugins = Files.walk(home.resolve("plugins"))) {
      plugins.filter(p -> p.toString().endsWith(".jar")).forEach(ours::add);
    }
    assertThat(ours).hasSize(5);

    List<String> clashes = check.find(ours);

    assertThat(clashes)
        .as(
            "%d classes clash; the first:%n%s",
            clashes.size(), String.join("\n", clashes.subList(0, Math.min(30, clashes.size()))))
        .isEmpty();
  }

  @Test
  void aJarWithAnUnrelocatedOrDuplicatedClassIsFound() throws Exception {
    Path bad =
        jar(
            "bad-flink.jar",
            "com/fasterxml/jackson/databind/ObjectMapper.class",
            "org/h2/Driver.class",
            "META-INF/versions/11/com/google/common/base/Preconditions.class",
            "io/streamkit/x/Same.class");
    Path other = jar("other-flink.jar", "io/streamkit/x/Same.class");

    assertThat(check.find(List.of(bad, other)))
        .containsExactlyInAnyOrder(
            "bad-flink.jar: com/fasterxml/jackson/databind/ObjectMapper.class is also in"
                + " jackson-databind-2.17.2.jar",
            "bad-flink.jar: org/h2/Driver.class is outside io/streamkit/ (not relocated)",
            "bad-flink.jar: com/google/common/base/Preconditions.class is also in"
                + " guava-32.1.3-jre.jar",
            "other-flink.jar: io/streamkit/x/Same.class is also in our bad-flink.jar");
  }

  private Path jar(String name, String... entries) throws Exception {
    Path jar = dir.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String entry : entries) {
        out.putNextEntry(new JarEntry(entry));
        out.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
        out.closeEntry();
      }
    }
    return jar;
  }
}
