package io.streamkit.submitter;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * Checks every statement of a script without running anything, through a dry run of {@link
 * ScriptSession}: parses it, applies DDL to a copy-on-write view of the catalog (see {@link
 * ValidationCatalog}), compiles queries and INSERTs to a full plan (which creates their connectors,
 * so unknown connectors and option keys show up), and for each new table checks that its connector
 * accepts its options. Every error is collected, not only the first.
 */
final class ScriptValidator {
  private ScriptValidator() {}

  /**
   * Validates the script in a dry-run session over {@code conf} (see {@link SqlSession#script}),
   * prints each error as {@code file:line:column: error: ...} to {@code err}, and returns how many
   * there were; the caller says what follows from them.
   */
  static int printErrors(
      Configuration conf,
      boolean remote,
      List<SqlScript.Statement> statements,
      String file,
      PrintWriter err) {
    try (ScriptSession check = SqlSession.script(conf, true, remote)) {
      List<Diagnostic> errors = validate(check, statements);
      errors.forEach(d -> err.println(d.format(file)));
      err.flush();
      return errors.size();
    }
  }

  static List<Diagnostic> validate(ScriptSession session, List<SqlScript.Statement> statements) {
    List<Diagnostic> errors = new ArrayList<>();
    for (SqlScript.Statement statement : statements) {
      try {
        if (session.apply(statement).quit()) {
          break;
        }
      } catch (Throwable t) {
        errors.add(Diagnostic.of(statement, t, session.environment()));
      }
    }
    try {
      session.finish();
    } catch (ScriptSession.ScriptException e) {
      errors.add(Diagnostic.of(e.statement, e, session.environment()));
    }
    return errors;
  }
}
