package io.streamkit.submitter;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.table.api.TableEnvironment;

/** Entry points for code that runs scripts without the command line, such as the demo. */
public final class ScriptRunners {
  private ScriptRunners() {}

  /** Validates, then runs {@code script} on an embedded Flink; false if anything failed. */
  public static boolean runLocally(
      Configuration conf, String script, String name, PrintWriter out, PrintWriter err) {
    Configuration local = new Configuration(conf);
    local.set(DeploymentOptions.TARGET, "local");
    JobTagging.apply(local, JobTagging.tags(local, Path.of(name), "local"), true);
    List<SqlScript.Statement> statements = SqlScript.split(script);
    TableEnvironment check = SqlSession.create(local, true);
    try {
      List<Diagnostic> errors = ScriptValidator.validate(check, statements);
      if (!errors.isEmpty()) {
        errors.forEach(d -> err.println(d.format(name)));
        return false;
      }
    } finally {
      SqlSession.close(check);
    }
    TableEnvironment env = SqlSession.create(local, false);
    try {
      return new ScriptRunner(out, err, false, id -> JobTagging.submitted(id, true))
          .run(env, statements, name);
    } finally {
      SqlSession.close(env);
    }
  }

  public static String substitute(String text, Map<String, String> variables) {
    return SqlScript.substitute(text, variables);
  }
}
