package io.streamkit.submitter;

import io.streamkit.submitter.jarjob.KafkaUpperJob;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Job jars built in tests: the classes of package {@code jarjob}, and any extra classes. */
final class JobJars {
  private JobJars() {}

  static Path build(Path jar, String main, List<Class<?>> extra) throws Exception {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (main != null) {
      manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main);
    }
    Path classes =
        Path.of(KafkaUpperJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        Stream<Path> files = Files.list(classes.resolve("io/streamkit/submitter/jarjob"))) {
      for (Path f : files.toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString()));
        Files.copy(f, out);
        out.closeEntry();
      }
      for (Class<?> c : extra) {
        String entry = c.getName().replace('.', '/') + ".class";
        out.putNextEntry(new JarEntry(entry));
        try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
    return jar;
  }
}
