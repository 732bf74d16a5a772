package io.streamkit.submitter;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;

/** Entry points for code that runs scripts without the command line, such as the demo. */
public final class ScriptRunners {
  private ScriptRunners() {}

  /** Validates, then runs {@code script} on an embedded Flink; false if anything failed. */
  public static boolean runLocally(
      Configuration conf, String script, String name, PrintWriter out, PrintWriter err) {
    Configuration local = new Configuration(conf);
    local.set(DeploymentOptions.TARGET, "local");
    JobTagging tagging =
        JobTagging.apply(local, JobTagging.tags(local, Path.of(name), "local"), true);
    List<SqlScript.Statement> statements = SqlScript.split(script);
    try (ScriptSession check = SqlSession.script(local, true, false)) {
      List<Diagnostic> errors = ScriptValidator.validate(check, statements);
      if (!errors.isEmpty()) {
        errors.forEach(d -> err.println(d.format(name)));
        return false;
      }
    }
    try (ScriptSession session = SqlSession.script(local, false, false)) {
      return new ScriptRunner(out, err, false, tagging).run(session, statements, name);
    }
  }

  public static String substitute(String text, Map<String, String> variables) {
    return SqlScript.substitute(text, variables);
  }
}
