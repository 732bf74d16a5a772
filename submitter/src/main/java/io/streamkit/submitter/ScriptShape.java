package io.streamkit.submitter;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a script can skip validating the whole script before it runs without losing what
 * validation is for (nothing half applied). That holds when the script's only effect outside its
 * session is one job submitted by its last statement: every statement before it changes the session
 * only (SET, USE, temporary tables, views and functions, SHOW, EXPLAIN, ...), and the job's
 * statement is planned before anything is submitted, so a failure anywhere leaves nothing behind.
 * Such a run plans the job once instead of twice; it validates the whole script only when it fails,
 * to report every error as validation would.
 */
final class ScriptShape {
  private static final Pattern COMMENTS =
      Pattern.compile("^(\\s*(--[^\\n]*\\n|/\\*.*?\\*/))*\\s*", Pattern.DOTALL);
  private static final Pattern SESSION_ONLY =
      Pattern.compile(
          "^(SET|RESET|USE|SHOW|DESCRIBE|DESC|EXPLAIN|ADD\\s+JAR|LOAD\\s+MODULE|UNLOAD\\s+MODULE"
              + "|CREATE\\s+TEMPORARY|CREATE\\s+OR\\s+REPLACE\\s+TEMPORARY)\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern ONE_JOB =
      Pattern.compile(
          "^(INSERT|EXECUTE\\s+STATEMENT\\s+SET|EXECUTE\\s+INSERT)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern INSERT = Pattern.compile("^INSERT\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern BEGIN =
      Pattern.compile("^BEGIN\\s+STATEMENT\\s+SET\\s*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern END = Pattern.compile("^END\\s*$", Pattern.CASE_INSENSITIVE);

  private ScriptShape() {}

  /** Whether the script's one effect is the job its last statement submits. */
  static boolean oneJobAtTheEnd(List<SqlScript.Statement> statements) {
    int last = statements.size() - 1;
    if (last < 0) {
      return false;
    }
    int sessionOnlyUntil; // statements [0, sessionOnlyUntil) must change the session only
    if (ONE_JOB.matcher(text(statements.get(last))).find()) {
      sessionOnlyUntil = last;
    } else if (END.matcher(text(statements.get(last))).find()) {
      int begin = last - 1;
      while (begin >= 0 && INSERT.matcher(text(statements.get(begin))).find()) {
        begin--;
      }
      if (begin < 0 || !BEGIN.matcher(text(statements.get(begin))).find()) {
        return false;
      }
      sessionOnlyUntil = begin;
    } else {
      return false;
    }
    for (int i = 0; i < sessionOnlyUntil; i++) {
      if (!SESSION_ONLY.matcher(text(statements.get(i))).find()) {
        return false;
      }
    }
    return true;
  }

  private static String text(SqlScript.Statement statement) {
    return COMMENTS.matcher(statement.sql()).replaceFirst("").trim();
  }
}
