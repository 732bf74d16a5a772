package io.streamkit.submitter;

import java.util.List;
import java.util.Locale;

/**
 * The keywords a Flink SQL statement can start with, to name a misspelt one: Calcite reports {@code
 * SELEC 1} only as "Non-query expression encountered in illegal context".
 */
final class Keywords {
  private static final List<String> FIRST =
      List.of(
          "ADD",
          "ALTER",
          "ANALYZE",
          "BEGIN",
          "CALL",
          "CLEAR",
          "COMPILE",
          "CREATE",
          "DELETE",
          "DESC",
          "DESCRIBE",
          "DROP",
          "END",
          "EXECUTE",
          "EXPLAIN",
          "HELP",
          "INSERT",
          "LOAD",
          "QUIT",
          "REMOVE",
          "RESET",
          "SELECT",
          "SET",
          "SHOW",
          "STOP",
          "TRUNCATE",
          "UNLOAD",
          "UPDATE",
          "USE",
          "VALUES",
          "WITH");

  private Keywords() {}

  /** A hint naming the statement's first word and, when one is close, the keyword meant. */
  static String hint(String statement) {
    String word = statement.strip().split("[\\s(;]+", 2)[0];
    String upper = word.toUpperCase(Locale.ROOT);
    if (FIRST.contains(upper)) {
      return "Check the syntax after '" + word + "'; statements end with ';'.";
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String keyword : FIRST) {
      int d = distance(upper, keyword);
      if (d < bestDistance) {
        best = keyword;
        bestDistance = d;
      }
    }
    String known = "A statement starts with one of " + String.join(", ", FIRST) + ".";
    return "'"
        + word
        + "' is not a statement keyword."
        + (bestDistance <= 2 ? " Did you mean " + best + "? " : " ")
        + known;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
