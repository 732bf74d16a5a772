package io.streamkit.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Jars in the local Maven repository ({@code -Dmaven.repo.local}, else {@code ~/.m2/repository}).
 */
public final class LocalRepository {
  private LocalRepository() {}

  /**
   * The jar of {@code group:artifact:version[:classifier]}; fails naming the command that fetches
   * (or, for streamkit's own jars, installs) it.
   */
  public static Path jar(String gav) {
    String[] p = gav.split(":");
    String root = System.getProperty("maven.repo.local");
    Path repo =
        root != null
            ? Path.of(root)
            : Path.of(System.getProperty("user.home"), ".m2", "repository");
    Path jar =
        repo.resolve(p[0].replace('.', '/'))
            .resolve(p[1])
            .resolve(p[2])
            .resolve(p[1] + "-" + p[2] + (p.length > 3 ? "-" + p[3] : "") + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " is not in the local Maven repository; fetch it with: mvn"
              + " org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get -Dartifact="
              + gav);
    }
    return jar;
  }
}
