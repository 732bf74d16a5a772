package io.streamkit.submitter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A script in the format of Flink's SQL client and SQL gateway tests ({@code
 * flink-sql-client/src/test/resources/sql/*.q}, {@code flink-sql-gateway/.../sql/*.q}): each
 * statement ends with {@code ;} and is followed by an optional {@code !output} line with the
 * expected output, then by a command: {@code !ok} and {@code !info} (succeeds), {@code !error}
 * (fails with the text given), or two of ours, {@code !includes} and {@code !excludes} (succeeds,
 * and the table printed has, or has none of, the rows given). Lines starting with {@code #} are
 * comments of the format, not of SQL.
 */
record QScript(String name, List<Block> blocks) {
  static final Set<String> COMMANDS = Set.of("!ok", "!info", "!error", "!includes", "!excludes");

  /**
   * One statement and what is expected of it; {@code output} is null when the script gives none.
   */
  record Block(int line, String sql, List<String> output, String command) {
    boolean fails() {
      return command.equals("!error");
    }

    /** The statement on one line, for failure messages. */
    String summary() {
      String oneLine = sql.replaceAll("\\s+", " ").trim();
      return "line "
          + line
          + ": "
          + (oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...");
    }
  }

  static QScript parse(String name, String text) {
    List<Block> blocks = new ArrayList<>();
    List<String> sql = new ArrayList<>();
    List<String> output = null;
    int start = -1;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String trimmed = line.strip();
      if (COMMANDS.contains(trimmed)) {
        if (sql.isEmpty()) {
          throw new IllegalArgumentException(
              name + ":" + (i + 1) + ": " + trimmed + " without a statement");
        }
        blocks.add(new Block(start, String.join("\n", sql).strip(), output, trimmed));
        sql.clear();
        output = null;
        start = -1;
      } else if (output != null) {
        output.add(line);
      } else if (trimmed.equals("!output")) {
        output = new ArrayList<>();
      } else if (trimmed.startsWith("#") || (sql.isEmpty() && trimmed.isEmpty())) {
        continue;
      } else {
        if (start < 0) {
          start = i + 1;
        }
        sql.add(line);
      }
    }
    if (!sql.isEmpty() && !String.join("", sql).isBlank()) {
      throw new IllegalArgumentException(name + ":" + start + ": statement without a command");
    }
    return new QScript(name, blocks);
  }

  /** Every statement, in order, as one SQL script file. */
  String script(boolean withFailing) {
    StringBuilder out = new StringBuilder();
    for (Block b : blocks) {
      if (withFailing || !b.fails()) {
        out.append(b.sql()).append("\n\n");
      }
    }
    return out.toString();
  }
}
