package io.streamkit.submitter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQL script split into statements, each with the line and column where it starts in the file so
 * errors can point there. Semicolons inside quotes, comments and {@code EXECUTE STATEMENT SET BEGIN
 * ... END} blocks do not end a statement.
 */
final class SqlScript {
  /** One statement of the script; {@code number} counts from 1. */
  record Statement(int number, String sql, int line, int column) {
    /** The file position of a (line, column) inside this statement, both counted from 1. */
    int[] filePosition(int statementLine, int statementColumn) {
      return new int[] {
        line + statementLine - 1,
        statementLine == 1 ? column + statementColumn - 1 : statementColumn
      };
    }

    /** {@code EXECUTE STATEMENT SET BEGIN ... END} or {@code EXPLAIN ... STATEMENT SET ...}. */
    boolean isStatementSet() {
      return opensStatementSetBlock(normalized(sql));
    }
  }

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)}");

  private SqlScript() {}

  /** Replaces {@code ${name}} with the given values; an unknown name is an error. */
  static String substitute(String text, Map<String, String> variables) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = variables.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "The script uses ${"
                + m.group(1)
                + "} but no value was given; pass --var "
                + m.group(1)
                + "=...");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  static List<Statement> split(String text) {
    List<Statement> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int line = 1;
    int column = 1;
    int startLine = -1;
    int startColumn = -1;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      char next = i + 1 < n ? text.charAt(i + 1) : '\0';
      int consumed;
      boolean significant = true;
      if (c == '-' && next == '-') {
        consumed = indexOrEnd(text, "\n", i) - i;
        significant = false;
      } else if (c == '/' && next == '*') {
        int end = text.indexOf("*/", i + 2);
        consumed = (end < 0 ? n : end + 2) - i;
        significant = false;
      } else if (c == '\'' || c == '"' || c == '`') {
        consumed = quotedLength(text, i, c);
      } else if (c == ';' && !(isOpenStatementSet(current))) {
        if (startLine > 0) {
          statements.add(
              new Statement(
                  statements.size() + 1, current.toString().trim(), startLine, startColumn));
        }
        current.setLength(0);
        startLine = -1;
        i++;
        column++;
        continue;
      } else {
        consumed = 1;
        significant = !Character.isWhitespace(c);
      }
      if (significant && startLine < 0) {
        startLine = line;
        startColumn = column;
      }
      String piece = text.substring(i, i + consumed);
      if (startLine > 0) {
        current.append(piece);
      }
      for (int k = 0; k < piece.length(); k++) {
        if (piece.charAt(k) == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      i += consumed;
    }
    if (startLine > 0 && !current.toString().isBlank()) {
      statements.add(
          new Statement(statements.size() + 1, current.toString().trim(), startLine, startColumn));
    }
    return statements;
  }

  /**
   * Inside {@code [EXECUTE | EXPLAIN [details]] STATEMENT SET BEGIN ...} until its {@code END}. The
   * SQL client's {@code BEGIN STATEMENT SET;} is a statement of its own and opens no block here.
   * The block's {@code END} stands alone after the last INSERT's semicolon (or right after {@code
   * BEGIN}); an INSERT that itself ends with {@code CASE ... END} does not close it.
   */
  private static boolean isOpenStatementSet(StringBuilder current) {
    String s = normalized(current.toString());
    if (!opensStatementSetBlock(s)) {
      return false;
    }
    int semicolon = s.lastIndexOf(';');
    String tail = semicolon < 0 ? s.substring(s.indexOf(" BEGIN") + 6) : s.substring(semicolon + 1);
    return !tail.strip().equals("END");
  }

  private static boolean opensStatementSetBlock(String normalized) {
    return (normalized.startsWith("EXECUTE ") || normalized.startsWith("EXPLAIN "))
        && normalized.matches("^[A-Z_, ]*STATEMENT SET BEGIN\\b.*");
  }

  private static String normalized(String sql) {
    return sql.replaceAll("(?s)--[^\\n]*|/\\*.*?\\*/", " ")
        .replaceAll("\\s+", " ")
        .trim()
        .toUpperCase(Locale.ROOT);
  }

  private static int indexOrEnd(String text, String what, int from) {
    int idx = text.indexOf(what, from);
    return idx < 0 ? text.length() : idx;
  }

  /** Length of a quoted token starting at {@code start}; a doubled quote is an escaped quote. */
  private static int quotedLength(String text, int start, char quote) {
    int i = start + 1;
    while (i < text.length()) {
      if (text.charAt(i) == quote) {
        if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1 - start;
      }
      i++;
    }
    return text.length() - start;
  }
}
