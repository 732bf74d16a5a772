package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The job jar Maven built: its own classes, none of what the cluster's lib/ holds (Flink, the
 * Kafka connector and client, streamkit's jars), whose second copy would clash with the cluster's
 * across class loaders.
 */
class ShadedJarIT {
  @Test
  void theJobJarHoldsTheJobAndNothingTheClusterHas() throws Exception {
    Path jar = Path.of(System.getProperty("job.jar"));
    try (JarFile file = new JarFile(jar.toFile())) {
      List<String> entries = Collections.list(file.entries()).stream().map(ZipEntry::getName).toList();
      assertThat(entries)
          .contains("${package.replace('.', '/')}/DataStreamJob.class", "job.sql")
          .noneMatch(e -> e.startsWith("org/apache/flink/"))
          .noneMatch(e -> e.startsWith("io/streamkit/"))
          .noneMatch(e -> e.startsWith("org/apache/kafka/"));
      assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("${package}.DataStreamJob");
    }
  }
}
