package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * Compiles a scalar function into a jar of its own, so that a test proves {@code ADD JAR} loads it:
 * the class is on no class path of the test.
 */
final class UdfJar {
  static final String CLASS = "streamkit.test.LowerUdf";

  private UdfJar() {}

  static Path build(Path dir) throws Exception {
    Path src = dir.resolve("src/streamkit/test/LowerUdf.java");
    Files.createDirectories(src.getParent());
    Files.writeString(
        src,
        "package streamkit.test;\n"
            + "public class LowerUdf extends org.apache.flink.table.functions.ScalarFunction {\n"
            + "  public String eval(String s) { return s == null ? null : s.toLowerCase(); }\n"
            + "}\n");
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    String classPath =
        String.join(
            java.io.File.pathSeparator,
            location(ScalarFunction.class),
            location(org.apache.flink.annotation.PublicEvolving.class),
            location(org.apache.flink.api.common.functions.Function.class));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int code =
        javac.run(null, null, null, "-cp", classPath, "-d", classes.toString(), src.toString());
    assertThat(code).as("javac of the test UDF").isZero();
    Path jar = dir.resolve("lower-udf.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      for (String entry : List.of("streamkit/test/LowerUdf.class")) {
        out.putNextEntry(new JarEntry(entry));
        out.write(Files.readAllBytes(classes.resolve(entry)));
        out.closeEntry();
      }
    }
    return jar;
  }

  private static String location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
