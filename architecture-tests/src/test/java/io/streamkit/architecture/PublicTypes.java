package io.streamkit.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The public types of each module against its allowlist, {@code public-types/<artifactId>.txt}. A
 * type counts when it is public and every class enclosing it is public too (a public nested class
 * of a package-private class is not reachable). Names are binary names ({@code Outer$Inner}).
 */
final class PublicTypes {

  static final String UPDATE_PROPERTY = "streamkit.allowlist.update";

  private static final String HEADER =
      """
      # Public types of %s, one binary class name a line (Outer$Inner for nested types).
      # Checked by architecture-tests (docs/architecture.md): a public type missing here, or a line
      # here whose type is gone, fails the build. Change this file only when the API changes on
      # purpose; regenerate all files with
      #   mvn -B verify -pl architecture-tests -am -Dstreamkit.allowlist.update=true
      """;

  private PublicTypes() {}

  static boolean isPublicApi(JavaClass javaClass) {
    if (javaClass.isAnonymousClass() || javaClass.isLocalClass()) {
      return false;
    }
    for (Optional<JavaClass> c = Optional.of(javaClass);
        c.isPresent();
        c = c.get().getEnclosingClass()) {
      if (!c.get().getModifiers().contains(JavaModifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  /** Public types per module, for the modules given (a module without one maps to an empty set). */
  static Map<String, Set<String>> actual(
      Iterable<JavaClass> classes, Set<String> modules, Function<JavaClass, String> moduleOf) {
    Map<String, Set<String>> result = new TreeMap<>();
    modules.forEach(m -> result.put(m, new TreeSet<>()));
    for (JavaClass javaClass : classes) {
      if (isPublicApi(javaClass)) {
        String module = moduleOf.apply(javaClass);
        result.computeIfAbsent(module, m -> new TreeSet<>()).add(javaClass.getName());
      }
    }
    return result;
  }

  /** The allowlist files of a directory, by module; missing files are simply absent. */
  static Map<String, Set<String>> listed(Path dir) {
    Map<String, Set<String>> result = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return result;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files.sorted()::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".txt")) {
          Set<String> types = new TreeSet<>();
          for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String type = line.strip();
            if (!type.isEmpty() && !type.startsWith("#")) {
              types.add(type);
            }
          }
          result.put(name.substring(0, name.length() - ".txt".length()), types);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }

  /**
   * What differs between the public types and the allowlists, as a message for the build log, or
   * empty when they agree.
   */
  static Optional<String> diff(
      Map<String, Set<String>> actual, Map<String, Set<String>> listed, Path dir) {
    StringBuilder out = new StringBuilder();
    Set<String> modules = new TreeSet<>(actual.keySet());
    modules.addAll(listed.keySet());
    for (String module : modules) {
      Set<String> have = actual.get(module);
      Set<String> allowed = listed.get(module);
      Path file = dir.resolve(module + ".txt");
      if (have == null) {
        out.append(
            String.format(
                "%s lists public types of %s, which is not a checked module: delete the file, or"
                    + " add the module as a dependency of architecture-tests/pom.xml.%n",
                file, module));
        continue;
      }
      if (allowed == null) {
        out.append(String.format("%s is missing: module %s has no allowlist yet.%n", file, module));
        allowed = Set.of();
      }
      List<String> lines = new ArrayList<>();
      for (String type : have) {
        if (!allowed.contains(type)) {
          lines.add("  + " + type + "   (public, not listed)");
        }
      }
      for (String type : allowed) {
        if (!have.contains(type)) {
          lines.add("  - " + type + "   (listed, no longer a public type)");
        }
      }
      if (!lines.isEmpty()) {
        out.append(String.format("%s (%s):%n", module, file));
        lines.forEach(l -> out.append(l).append(System.lineSeparator()));
      }
    }
    if (out.length() == 0) {
      return Optional.empty();
    }
    return Optional.of(
        "The public types differ from their allowlists.\n"
            + out
            + "If a type should not be public, make it package-private. If the API change is on"
            + " purpose, edit the file(s) above (or regenerate them with mvn -B verify -pl"
            + " architecture-tests -am -D"
            + UPDATE_PROPERTY
            + "=true) and commit them with the change.");
  }

  /** Rewrites one file per module with exactly its public types; deletes files of no module. */
  static void write(Map<String, Set<String>> actual, Path dir) {
    try {
      Files.createDirectories(dir);
      for (String stale : listed(dir).keySet()) {
        if (!actual.containsKey(stale)) {
          Files.delete(dir.resolve(stale + ".txt"));
        }
      }
      for (Map.Entry<String, Set<String>> e : actual.entrySet()) {
        List<String> lines = new ArrayList<>(List.of(HEADER.formatted(e.getKey()).split("\n")));
        lines.addAll(e.getValue());
        Files.write(dir.resolve(e.getKey() + ".txt"), lines, StandardCharsets.UTF_8);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
