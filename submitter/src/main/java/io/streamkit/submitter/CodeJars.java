package io.streamkit.submitter;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The jars on this process's class path that hold given classes: what a job built here (not from a
 * user's jar) must send to a remote cluster with it, as {@code flink run} sends the user jar.
 */
final class CodeJars {
  private CodeJars() {}

  /**
   * The jar of each class named, once each, in order. Classes not on the class path, and classes
   * loaded from a directory (a build's {@code target/classes}, as in tests, where the cluster
   * shares this class path), are left out.
   */
  static List<Path> containing(String... classNames) {
    List<Path> jars = new ArrayList<>();
    for (String name : classNames) {
      Class<?> c;
      try {
        c = Class.forName(name, false, CodeJars.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        continue;
      }
      CodeSource source = c.getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        continue;
      }
      Path path;
      try {
        path = Path.of(source.getLocation().toURI());
      } catch (URISyntaxException | IllegalArgumentException e) {
        continue;
      }
      if (Files.isRegularFile(path) && !jars.contains(path)) {
        jars.add(path);
      }
    }
    return jars;
  }
}
