package io.streamkit.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.Source;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.LocationProvider;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * The streamkit modules under check: each one's artifactId and the jar or classes directory Maven
 * resolved for it, handed over by the pom as the system property {@code streamkit.modules}. These
 * paths are what the rules import; nothing else of the test class path is read.
 */
final class StreamkitModules implements LocationProvider {

  /** One checked module. */
  record Module(String artifactId, Path path) {}

  private static List<Module> modules;

  @Override
  public Set<Location> get(Class<?> testClass) {
    Set<Location> locations = new LinkedHashSet<>();
    for (Module module : all()) {
      locations.add(location(module.path()));
    }
    return locations;
  }

  static synchronized List<Module> all() {
    if (modules == null) {
      String paths = requiredProperty("streamkit.modules");
      String version = requiredProperty("streamkit.version");
      List<Module> found = new ArrayList<>();
      for (String entry : paths.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          Path path = Path.of(entry).toAbsolutePath().normalize();
          found.add(new Module(artifactIdOf(path, version), path));
        }
      }
      modules = List.copyOf(found);
    }
    return modules;
  }

  /** The module a class was imported from. */
  static Optional<Module> of(JavaClass javaClass) {
    Optional<Path> file = javaClass.getSource().map(Source::getUri).map(StreamkitModules::fileOf);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    return all().stream().filter(m -> file.get().startsWith(m.path())).findFirst();
  }

  static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank() || value.startsWith("${")) {
      throw new IllegalStateException(
          "System property "
              + name
              + " is not set: run these tests through Maven (mvn verify -pl architecture-tests),"
              + " whose pom sets it.");
    }
    return value;
  }

  private static Location location(Path path) {
    if (Files.isDirectory(path)) {
      return Location.of(path);
    }
    try (JarFile jar = new JarFile(path.toFile())) {
      return Location.of(jar);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open module jar " + path, e);
    }
  }

  /** jar:file:/a/b.jar!/x/Y.class -> /a/b.jar; file:/a/classes/x/Y.class -> itself. */
  private static Path fileOf(URI uri) {
    String text = uri.toString();
    if (text.startsWith("jar:")) {
      int bang = text.indexOf("!/");
      return Path.of(URI.create(text.substring("jar:".length(), bang)));
    }
    return Path.of(uri);
  }

  /**
   * streamkit-x-0.1.0-SNAPSHOT.jar -> streamkit-x; for a classes directory (a reactor build that
   * stopped before package) the artifactId of the pom next to its target directory.
   */
  private static String artifactIdOf(Path path, String version) {
    String name = path.getFileName().toString();
    String suffix = "-" + version + ".jar";
    if (name.endsWith(suffix)) {
      return name.substring(0, name.length() - suffix.length());
    }
    if (Files.isDirectory(path) && path.getParent() != null) {
      Path pom = path.getParent().resolveSibling("pom.xml");
      if (Files.isRegularFile(pom)) {
        return Poms.read(pom).artifactId();
      }
    }
    throw new IllegalStateException("Cannot tell which module " + path + " is.");
  }
}
