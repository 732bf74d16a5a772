package io.streamkit.submitter;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Parse and validate every statement of a SQL script against the catalog without running or"
          + " changing anything. Each error is reported as FILE:LINE:COLUMN with a hint.",
      "Exit code: 0 when the script is valid, 1 when it has errors, 2 on bad usage."
    })
final class SqlValidateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin SessionOptions session;

  @Parameters(paramLabel = "FILE", description = "The SQL script.")
  Path file;

  @Override
  public Integer call() {
    List<SqlScript.Statement> statements = session.readScript(file);
    PrintWriter err = spec.commandLine().getErr();
    Configuration conf = session.configuration();
    // Without --target, STOP JOB and SHOW JOBS are accepted: the script may be run remotely.
    boolean remote = !"local".equals(conf.get(DeploymentOptions.TARGET));
    int errors = ScriptValidator.printErrors(conf, remote, statements, file.toString(), err);
    PrintWriter out = spec.commandLine().getOut();
    if (errors == 0) {
      out.printf("%s: %d statements are valid.%n", file, statements.size());
    } else {
      out.printf("%s: %d of %d statements have errors.%n", file, errors, statements.size());
    }
    out.flush();
    return errors == 0 ? 0 : 1;
  }
}
