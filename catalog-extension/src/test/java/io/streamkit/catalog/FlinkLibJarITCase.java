package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The jar for Flink's lib/ carries the drivers, relocates its libraries (drivers included, so a
 * driver of another version in Flink's lib/ or in a job cannot clash) and registers the factories.
 */
class FlinkLibJarITCase {
  @Test
  void shadedJarIsSelfContainedAndRelocated() throws Exception {
    Path jar = Path.of("target", "streamkit-catalog-extension-0.1.0-SNAPSHOT-flink.jar");
    assertThat(jar).exists();
    try (JarFile file = new JarFile(jar.toFile())) {
      List<String> names = file.stream().map(ZipEntry::getName).toList();
      assertThat(names)
          .contains(
              "io/streamkit/catalog/StreamkitCatalogFactory.class",
              "io/streamkit/catalog/shaded/org/h2/Driver.class",
              "io/streamkit/catalog/shaded/org/mariadb/jdbc/Driver.class",
              "io/streamkit/catalog/shaded/org/postgresql/Driver.class",
              "io/streamkit/catalog/shaded/jdbc/Database.class",
              "io/streamkit/catalog/shaded/com/zaxxer/hikari/HikariDataSource.class",
              "io/streamkit/catalog/shaded/com/github/benmanes/caffeine/cache/Caffeine.class");
      assertThat(names)
          .noneMatch(n -> n.startsWith("com/fasterxml/") || n.startsWith("com/zaxxer/"))
          .noneMatch(n -> n.startsWith("org/h2/") || n.startsWith("org/mariadb/"))
          .noneMatch(n -> n.startsWith("org/postgresql/") || n.startsWith("io/streamkit/jdbc/"))
          .noneMatch(n -> n.startsWith("org/apache/flink/"));
      String services =
          new String(
              file.getInputStream(
                      file.getEntry("META-INF/services/org.apache.flink.table.factories.Factory"))
                  .readAllBytes(),
              StandardCharsets.UTF_8);
      assertThat(services)
          .contains("io.streamkit.catalog.StreamkitCatalogFactory")
          .contains("io.streamkit.catalog.StreamkitCatalogStoreFactory");
      assertThat(Files.size(jar)).isLessThan(30L * 1024 * 1024);
    }
  }
}
