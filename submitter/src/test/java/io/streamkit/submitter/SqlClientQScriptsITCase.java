package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.FlinkCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Flink's SQL client tests its statements with the scripts in {@code
 * flink-table/flink-sql-client/src/test/resources/sql/*.q} (and the SQL gateway, which runs the
 * client's statements in Flink 2.x, with {@code flink-sql-gateway/src/test/resources/sql/*.q});
 * their translations in {@code src/test/resources/sql-client/} are our compatibility suite. Each
 * script runs as one file through the real CLI, as {@code sql-client.sh -f} would run it:
 *
 * <ol>
 *   <li>{@code sql validate} of the whole script reports exactly the statements the script expects
 *       to fail ({@code !error}), each with the client's own error text;
 *   <li>{@code sql run} of the whole script refuses it at validation, so nothing runs;
 *   <li>{@code sql run} of the script without those statements succeeds on a shared MiniCluster,
 *       and every statement prints what the script expects (table cells compared, not borders).
 * </ol>
 *
 * What each translation changed (the test-only {@code values} connector, the session's catalog,
 * statements that need Hive or test-only jars) is written at the top of each script. Scripts not
 * translated, and why:
 *
 * <ul>
 *   <li>{@code call_procedure.q}: needs a test-only catalog with procedures; Flink 2.2 ships none.
 *   <li>{@code delete.q}, {@code truncate.q}: need a connector with row-level DELETE and TRUNCATE
 *       (the test-only {@code test-update-delete}); no connector shipped with Flink 2.2 has them.
 *   <li>{@code materialized_table.q}: needs the SQL gateway's workflow scheduler and REST endpoint;
 *       a script run has neither.
 *   <li>{@code add.q}: the stored version uses the pre-1.14 unquoted {@code ADD JAR foo.jar} that
 *       Flink 2.2 rejects; ADD JAR is covered by {@code set.q} and {@code function.q}.
 *   <li>the Hive parts of {@code function.q}, {@code module.q} and {@code set.q} ({@code hive}
 *       catalog, module and dialect): no Hive on the CLI's class path.
 * </ul>
 */
class SqlClientQScriptsITCase {
  @RegisterExtension static final FlinkCluster FLINK = new FlinkCluster();

  @TempDir static Path tmp;

  private static Path udfJar;

  private static final Pattern VARIABLE = Pattern.compile("\\$VAR_([A-Z0-9_]+)");
  private static final Pattern PROGRESS = Pattern.compile("^\\[(\\d+)/(\\d+)] .*");
  private static final Pattern DIAGNOSTIC =
      Pattern.compile("^\\S+\\.sql:\\d+:\\d+: error: \\[statement (\\d+)] (.*)");
  private static final Pattern EXCEPTION_CLASS =
      Pattern.compile("^(?:[a-z][\\w]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ");

  @BeforeAll
  static void buildUdfJar() throws Exception {
    udfJar = UdfJar.build(tmp.resolve("udf"));
  }

  /** Scripts with a test of their own below, which is disabled, saying why. */
  private static final Set<String> DISABLED = Set.of("misc.q");

  static Stream<String> scripts() throws Exception {
    Path dir = Path.of(SqlClientQScriptsITCase.class.getResource("/sql-client").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".q") && !DISABLED.contains(n))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  @Disabled(
      "HELP prints nothing in a script run; the client prints its interactive shell's commands"
          + " (QUIT, CLEAR, ...). Kept with the client's expectation.")
  void misc() throws Exception {
    script("misc.q");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void script(String name) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name.replace(".q", "")));
    String text;
    try (var in = getClass().getResourceAsStream("/sql-client/" + name)) {
      text = substitute(new String(in.readAllBytes(), StandardCharsets.UTF_8), dir);
    }
    QScript script = QScript.parse(name, text);
    List<String> problems = new ArrayList<>();
    String catalog =
        "streamkit.catalog.url=jdbc:h2:file:" + dir.resolve("catalog").toAbsolutePath();

    Path full = dir.resolve("full.sql");
    Files.writeString(full, script.script(true));
    checkValidation(script, full, catalog, problems);

    boolean anyFails = script.blocks().stream().anyMatch(QScript.Block::fails);
    if (anyFails) {
      Run refused =
          cli(
              "sql",
              "run",
              "-D",
              catalog,
              "-D",
              "parallelism.default=1",
              "--target",
              "remote",
              "--rest",
              FLINK.restHostPort(),
              full.toString());
      if (refused.code != 1
          || !refused.text.contains("Nothing was run:")
          || refused.text.contains("Job ID:")) {
        problems.add(
            "sql run of the whole script (with the failing statements) was not refused before running anything:\n"
                + refused.text);
      }
    }

    Path good = dir.resolve("good.sql");
    Files.writeString(good, script.script(false));
    List<QScript.Block> blocks = script.blocks().stream().filter(b -> !b.fails()).toList();
    Run run =
        cli(
            "sql",
            "run",
            "-D",
            catalog,
            "-D",
            "parallelism.default=1",
            "--target",
            "remote",
            "--rest",
            FLINK.restHostPort(),
            good.toString());
    if (run.code != 0) {
      problems.add(
          "sql run of the script without its failing statements exited "
              + run.code
              + ":\n"
              + tail(run.text));
    }
    Map<Integer, List<String>> printed = byStatement(run.text);
    for (int i = 0; i < blocks.size(); i++) {
      QScript.Block block = blocks.get(i);
      if (!printed.containsKey(i + 1)) {
        if (run.code == 0) {
          problems.add(name + " " + block.summary() + "\n  did not run");
        }
        continue;
      }
      if (block.output() == null) {
        continue;
      }
      QOutput expected = QOutput.of(block.output());
      QOutput actual = QOutput.of(printed.get(i + 1));
      String why = expected.mismatch(actual, block.command());
      if (why != null) {
        problems.add(
            name
                + " "
                + block.summary()
                + "\n  "
                + why
                + "\n  expected:\n"
                + indent(expected.describe())
                + "\n  printed:\n"
                + indent(actual.describe()));
      }
    }
    assertThat(problems).as("%s: %d problem(s)", name, problems.size()).isEmpty();
  }

  /** {@code sql validate} reports exactly the statements expected to fail, with their text. */
  private void checkValidation(QScript script, Path full, String catalog, List<String> problems) {
    Run validated = cli("sql", "validate", "-D", catalog, full.toString());
    Map<Integer, String> errors = diagnostics(validated.text);
    List<QScript.Block> blocks = script.blocks();
    Matcher count =
        Pattern.compile("(\\d+) statements are valid|\\d+ of (\\d+) statements have errors")
            .matcher(validated.text);
    if (!count.find()) {
      problems.add("sql validate printed no summary:\n" + tail(validated.text));
      return;
    }
    int statements = Integer.parseInt(count.group(1) != null ? count.group(1) : count.group(2));
    if (statements != blocks.size()) {
      problems.add(
          "the CLI splits the script into "
              + statements
              + " statements, the client into "
              + blocks.size());
      return;
    }
    for (int i = 0; i < blocks.size(); i++) {
      QScript.Block block = blocks.get(i);
      String error = errors.get(i + 1);
      if (block.fails() && error == null) {
        problems.add(
            script.name()
                + " "
                + block.summary()
                + "\n  passed sql validate; the client refuses it with:\n"
                + indent(String.join("\n", block.output())));
      } else if (!block.fails() && error != null) {
        problems.add(
            script.name() + " " + block.summary() + "\n  failed sql validate:\n" + indent(error));
      } else if (block.fails()) {
        List<String> want = expectedError(block.output());
        if (!containsInOrder(squash(error), want)) {
          problems.add(
              script.name()
                  + " "
                  + block.summary()
                  + "\n  failed with another message:\n"
                  + indent(error)
                  + "\n  expected it to contain:\n"
                  + indent(String.join("\n...\n", want)));
        }
      }
    }
  }

  /**
   * The client's error text without its "[ERROR]" line and exception class name, cut into the
   * fragments between lines of "..." (parts of the client's text that our message leaves out).
   */
  private static List<String> expectedError(List<String> output) {
    List<String> lines = new ArrayList<>(output == null ? List.of() : output);
    lines.removeIf(l -> l.startsWith("[ERROR]"));
    String text = EXCEPTION_CLASS.matcher(String.join("\n", lines).strip()).replaceFirst("");
    List<String> fragments = new ArrayList<>();
    for (String part : text.split("(?m)^\\.\\.\\.$")) {
      if (!part.isBlank()) {
        fragments.add(squash(part));
      }
    }
    return fragments;
  }

  private static boolean containsInOrder(String text, List<String> fragments) {
    int from = 0;
    for (String f : fragments) {
      int at = text.indexOf(f, from);
      if (at < 0) {
        return false;
      }
      from = at + f.length();
    }
    return !fragments.isEmpty();
  }

  private static String squash(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  /** Each statement's diagnostic, by statement number, with its continuation lines and hint. */
  private static Map<Integer, String> diagnostics(String err) {
    Map<Integer, String> result = new HashMap<>();
    Integer current = null;
    for (String line : err.split("\n")) {
      Matcher m = DIAGNOSTIC.matcher(line);
      if (m.matches()) {
        current = Integer.parseInt(m.group(1));
        result.merge(current, m.group(2), (a, b) -> a + "\n" + b);
      } else if (current != null && line.startsWith("  ")) {
        result.merge(current, line.strip(), (a, b) -> a + "\n" + b);
      } else {
        current = null;
      }
    }
    return result;
  }

  /** What the run printed after each "[n/N] statement" progress line, by statement number. */
  private static Map<Integer, List<String>> byStatement(String text) {
    Map<Integer, List<String>> result = new LinkedHashMap<>();
    List<String> current = null;
    for (String line : text.split("\n", -1)) {
      Matcher m = PROGRESS.matcher(line);
      if (m.matches()) {
        current = new ArrayList<>();
        result.put(Integer.parseInt(m.group(1)), current);
      } else if (current != null && !line.matches("^Job \\S+ finished in \\d+ ms\\.$")) {
        current.add(line);
      }
    }
    return result;
  }

  private String substitute(String text, Path dir) throws Exception {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String var = m.group(1);
      String value;
      if (var.equals("UDF_JAR_PATH")) {
        value = udfJar.toString();
      } else if (var.matches(".*_RELATIVE_PATH\\d*")) {
        Path target = dir.resolve(var.replace("_RELATIVE_PATH", "_PATH").toLowerCase());
        value = Path.of("").toAbsolutePath().relativize(target.toAbsolutePath()).toString();
      } else if (var.matches(".*_PATH\\d*")) {
        value = Files.createDirectories(dir.resolve(var.toLowerCase())).toString();
      } else {
        throw new IllegalArgumentException("unknown variable $VAR_" + var);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private record Run(int code, String text) {}

  /** The CLI with one writer for out and err, so results follow their statement's progress line. */
  private static Run cli(String... args) {
    StringWriter all = new StringWriter();
    PrintWriter writer = new PrintWriter(all, true);
    int code = StreamkitCli.execute(args, writer, writer);
    writer.flush();
    return new Run(code, all.toString());
  }

  private static String indent(String s) {
    return "    " + s.replace("\n", "\n    ");
  }

  private static String tail(String s) {
    return s.length() <= 6000 ? s : "..." + s.substring(s.length() - 6000);
  }
}
