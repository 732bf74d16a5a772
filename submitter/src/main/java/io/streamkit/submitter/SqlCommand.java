package io.streamkit.submitter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = "Run, validate or deploy Flink SQL scripts.",
    subcommands = {SqlRunCommand.class, SqlValidateCommand.class, SqlDeployCommand.class})
final class SqlCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
