package io.streamkit.testkit;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A Spark home for {@code local-cluster[n,c,m]} masters in tests. Spark starts each executor as a
 * separate JVM with {@code $SPARK_HOME/jars/*} as its classpath; from a Maven test there is no such
 * directory, so executors fail with "Cannot find any build directories". {@link #prepare} makes
 * one: links to every jar of this JVM's classpath, and class directories (the module's own classes
 * and test classes) packed as jars.
 *
 * <p>The test JVM needs {@code SPARK_HOME} pointing at the directory and {@code
 * SPARK_SCALA_VERSION=2.13} in its environment (set them in the surefire or failsafe
 * configuration); {@link #prepare} fails with that advice when they are missing.
 */
public final class SparkHome {
  private SparkHome() {}

  public static Path prepare() throws IOException {
    String home = System.getenv("SPARK_HOME");
    if (home == null || System.getenv("SPARK_SCALA_VERSION") == null) {
      throw new IllegalStateException(
          "local-cluster tests need SPARK_HOME (a directory under target/) and"
              + " SPARK_SCALA_VERSION=2.13 in the test JVM's environment: set them in the"
              + " failsafe plugin's <environmentVariables>.");
    }
    Path jars = Path.of(home, "jars");
    Files.createDirectories(jars);
    int index = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path source = Path.of(entry).toAbsolutePath();
      if (Files.isDirectory(source)) {
        pack(source, jars.resolve(String.format("classes-%02d.jar", index++)));
      } else if (entry.endsWith(".jar") && Files.isRegularFile(source)) {
        Path link = jars.resolve(source.getFileName());
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, source);
        }
      }
    }
    return Path.of(home);
  }

  private static void pack(Path dir, Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> files = Files.walk(dir)) {
      for (Path path : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(dir.relativize(path).toString().replace('\\', '/')));
        Files.copy(path, out);
        out.closeEntry();
      }
    }
  }
}
