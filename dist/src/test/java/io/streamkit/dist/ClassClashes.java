package io.streamkit.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Finds the classes of streamkit's engine-side jars (those for Flink's {@code lib/} and {@code
 * plugins/}) that can clash with a class of the engine or of a user's job. Every such jar must keep
 * its third-party code in relocated packages under {@code io/streamkit/}, and no two of our jars
 * may ship the same class: both would sit on one class path, and the first one found would win.
 */
final class ClassClashes {
  private static final Pattern VERSIONED = Pattern.compile("^META-INF/versions/\\d+/");

  /** Class name -> the reference jar that ships it (Flink's lib/, a user's job). */
  private final Map<String, String> reference = new HashMap<>();

  ClassClashes(Collection<Path> referenceJars) {
    for (Path jar : referenceJars) {
      for (String c : classes(jar)) {
        reference.putIfAbsent(c, jar.getFileName().toString());
      }
    }
  }

  /** One line per clashing class of {@code ours}, naming the jar and what it clashes with. */
  List<String> find(Collection<Path> ours) {
    List<String> clashes = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (Path jar : ours) {
      String name = jar.getFileName().toString();
      for (String c : classes(jar)) {
        String alsoIn = reference.get(c);
        if (alsoIn != null) {
          clashes.add(name + ": " + c + " is also in " + alsoIn);
        } else if (!c.startsWith("io/streamkit/")) {
          clashes.add(name + ": " + c + " is outside io/streamkit/ (not relocated)");
        }
        String earlier = seen.putIfAbsent(c, name);
        if (earlier != null) {
          clashes.add(name + ": " + c + " is also in our " + earlier);
        }
      }
    }
    return clashes;
  }

  /** The classes of {@code jar}, multi-release variants under their class's own name. */
  static List<String> classes(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream()
          .map(e -> VERSIONED.matcher(e.getName()).replaceFirst(""))
          .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class"))
          .distinct()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + jar, e);
    }
  }
}
