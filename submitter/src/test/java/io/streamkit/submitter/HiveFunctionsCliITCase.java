package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hive functions through {@code bin/streamkit} with streamkit-hive-functions and hive-exec on the
 * class path (as in Flink's lib/): Hive's built-ins by {@code LOAD MODULE hive} in a script run
 * unchanged, and a user's classic Hive {@code UDF} registered with {@code function create} (its
 * class checked as a Hive function) and used from the script.
 */
class HiveFunctionsCliITCase {
  @TempDir Path dir;

  @Test
  void aScriptUsesHiveBuiltInsAndAUsersHiveUdfRegisteredByTheCli() throws Exception {
    Path jar = reverseUdfJar();
    String[] session = {
      "-D", "streamkit.catalog.url=jdbc:h2:file:" + dir.resolve("catalog").toAbsolutePath(),
      "-D", "streamkit.catalog.artifacts-dir=" + dir.resolve("artifacts").toAbsolutePath()
    };
    CliRun created =
        CliRun.of(
            CliRun.args(
                List.of(
                    "function",
                    "create",
                    "reverse_s",
                    "--class",
                    "udf.Reverse",
                    "--jar",
                    jar.toString()),
                session));
    assertThat(created.exitCode()).as(created.toString()).isZero();

    Path script =
        Files.writeString(
            dir.resolve("hive.sql"),
            """
            LOAD MODULE hive;
            USE MODULES hive, core;
            SELECT get_json_object('{"user":{"id":"u-7"}}', '$.user.id') AS uid,
                   parse_url('https://shop.example.com/p?x=1', 'HOST') AS host,
                   reverse_s('abc') AS reversed;
            """);
    CliRun run = CliRun.of(CliRun.args(List.of("sql", "run"), concat(session, script.toString())));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).containsPattern("\\| \\+I \\| +u-7 \\| +shop.example.com \\| +cba \\|");
  }

  private Path reverseUdfJar() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/udf")).resolve("Reverse.java");
    Files.writeString(
        src,
        "package udf;\n"
            + "public class Reverse extends org.apache.hadoop.hive.ql.exec.UDF {\n"
            + "  public String evaluate(String s) {\n"
            + "    return s == null ? null : new StringBuilder(s).reverse().toString();\n"
            + "  }\n"
            + "}\n");
    Path classes = Files.createDirectories(dir.resolve("classes"));
    int code =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-cp",
                System.getProperty("java.class.path"),
                "-d",
                classes.toString(),
                src.toString());
    assertThat(code).isZero();
    Path jar = dir.resolve("reverse.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("udf/Reverse.class"));
      out.write(Files.readAllBytes(classes.resolve("udf/Reverse.class")));
      out.closeEntry();
    }
    return jar;
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
