package io.streamkit.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The option tables of {@code docs/*.md}, generated from the declarations in code. A table sits
 * between two marker lines:
 *
 * <pre>
 * &lt;!-- options:begin io.streamkit.submitter.StreamkitOptions --&gt;
 * | key | default | type | description |
 * ...
 * &lt;!-- options:end --&gt;
 * </pre>
 *
 * A module's test calls {@link #check}; it fails when the table differs from the code and prints
 * the command that rewrites it ({@code -Dstreamkit.docs.regenerate=true}).
 */
public final class OptionsDoc {
  /** Set this system property to {@code true} to rewrite the tables instead of checking them. */
  public static final String REGENERATE = "streamkit.docs.regenerate";

  private static final String BEGIN = "<!-- options:begin ";
  private static final String END = "<!-- options:end -->";
  private static final Pattern DEFAULT_WORD = Pattern.compile("(?i)\\bdefault(s|ed)?\\b");
  private static final Pattern SENTENCE_END = Pattern.compile("[.;](\\s+|$)");

  private OptionsDoc() {}

  /** The table's lines in markdown, without the marker lines. */
  public static String render(List<OptionSpec> options) {
    StringBuilder table = new StringBuilder("| key | default | type | description |\n");
    table.append("|---|---|---|---|\n");
    for (OptionSpec o : options) {
      table
          .append("| `")
          .append(o.key())
          .append("` | ")
          .append(o.defaultValue() == null ? "(none)" : "`" + o.defaultValue() + "`")
          .append(" | ")
          .append(o.type().replace("<", "&lt;").replace(">", "&gt;"))
          .append(" | ")
          .append(o.description().replace("|", "\\|").replaceAll("\\s*\\R\\s*", " "))
          .append(" |\n");
    }
    return table.toString();
  }

  /** The descriptions that repeat their option's default, as messages; empty when none does. */
  public static List<String> repeatedDefaults(List<OptionSpec> options) {
    List<String> problems = new ArrayList<>();
    for (OptionSpec o : options) {
      Pattern value = valuePattern(o.defaultValue() == null ? "none" : o.defaultValue());
      for (String sentence : SENTENCE_END.split(o.description())) {
        if (DEFAULT_WORD.matcher(sentence).find() && value.matcher(sentence).find()) {
          problems.add(
              "'"
                  + o.key()
                  + "': the description repeats the default ('"
                  + sentence.trim()
                  + "'); the default column shows it, drop it from the description");
          break;
        }
      }
    }
    return problems;
  }

  /**
   * Fails (with {@link AssertionError}) when the table {@code tableId} of {@code docs/<docName>} is
   * not exactly {@link #render}{@code (options)}, or when a description repeats its default. With
   * {@code -Dstreamkit.docs.regenerate=true} it rewrites the table instead of comparing. The doc is
   * found in the first {@code docs/} directory above the working directory.
   */
  public static void check(String docName, String tableId, List<OptionSpec> options) {
    Class<?> caller =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
    Path module = Path.of("").toAbsolutePath();
    Path root = module;
    while (root != null && !Files.isRegularFile(root.resolve("docs").resolve(docName))) {
      root = root.getParent();
    }
    if (root == null) {
      throw new AssertionError("no docs/" + docName + " in " + module + " or above");
    }
    Path doc = root.resolve("docs").resolve(docName);
    String command =
        "mvn -pl "
            + (root.equals(module) ? "." : root.relativize(module))
            + " test -Dtest="
            + caller.getSimpleName()
            + " -D"
            + REGENERATE
            + "=true";
    check(doc, tableId, options, command);
  }

  static void check(Path doc, String tableId, List<OptionSpec> options, String command) {
    String docName = doc.getFileName().toString();
    List<String> repeated = repeatedDefaults(options);
    if (!repeated.isEmpty()) {
      throw new AssertionError("options of " + tableId + ":\n  " + String.join("\n  ", repeated));
    }
    String text = read(doc);
    String begin = BEGIN + tableId + " -->";
    int from = text.indexOf(begin);
    int to = from < 0 ? -1 : text.indexOf(END, from);
    if (from < 0 || to < 0) {
      throw new AssertionError(
          "docs/"
              + docName
              + " has no table for "
              + tableId
              + ". Put these two lines where it"
              + " belongs, then run "
              + command
              + "\n"
              + begin
              + "\n"
              + END);
    }
    int start = from + begin.length() + 1;
    String found = text.substring(Math.min(start, to), to);
    String expected = render(options);
    if (found.equals(expected)) {
      return;
    }
    if (Boolean.getBoolean(REGENERATE)) {
      write(doc, text.substring(0, start) + expected + text.substring(to));
      return;
    }
    throw new AssertionError(
        "docs/"
            + docName
            + ": the options table of "
            + tableId
            + " does not match the code.\n"
            + diff(found, expected)
            + "Regenerate it with: "
            + command);
  }

  /** Lines only in the doc (-) and only in the code (+). */
  private static String diff(String found, String expected) {
    List<String> doc = Arrays.asList(found.split("\n", -1));
    List<String> code = Arrays.asList(expected.split("\n", -1));
    return doc.stream()
            .filter(l -> !code.contains(l))
            .map(l -> "  - " + l + "\n")
            .collect(Collectors.joining())
        + code.stream()
            .filter(l -> !doc.contains(l))
            .map(l -> "  + " + l + "\n")
            .collect(Collectors.joining());
  }

  /**
   * The default as a whole word, allowing {@code 5s} for {@code 5 s} and {@code 64 mb} for {@code
   * 64mb}.
   */
  private static Pattern valuePattern(String defaultValue) {
    String[] tokens = defaultValue.trim().split("\\s+|(?<=\\d)(?=[\\p{L}])|(?<=[\\p{L}])(?=\\d)");
    return Pattern.compile(
        "(?i)(?<![\\w])"
            + Arrays.stream(tokens).map(Pattern::quote).collect(Collectors.joining("\\s*"))
            + "(?![\\w])");
  }

  private static String read(Path doc) {
    try {
      return Files.readString(doc, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path doc, String text) {
    try {
      Files.writeString(doc, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
