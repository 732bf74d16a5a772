package io.streamkit.submitter;

import io.streamkit.submitter.demo.DemoCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/streamkit}: the one command line of the streamkit platform. */
@Command(
    name = "streamkit",
    mixinStandardHelpOptions = true,
    version = "streamkit 0.1.0-SNAPSHOT (Flink 2.2.0)",
    description =
        "Runs and checks Flink SQL scripts against the streamkit catalog, locally or on a cluster.",
    subcommands = {
      SqlCommand.class,
      JobCommand.class,
      JarCommand.class,
      LineageCommand.class,
      LatencyCommand.class,
      AlertCommand.class,
      FunctionCommand.class,
      KafkaCommand.class,
      TableCommand.class,
      CatalogCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class StreamkitCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  public static void main(String[] args) {
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI and returns its exit code: 0 success, 1 failed statement or job, 2 bad usage. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new StreamkitCli());
    cli.setOut(out);
    cli.setErr(err);
    // As 'flink run': everything after the jar goes to its main, '--bootstrap' included.
    CommandLine jar = cli.getSubcommands().get("jar");
    jar.getSubcommands().values().forEach(c -> c.setStopAtPositional(true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof UsageException) {
            err.println("streamkit: " + e.getMessage());
            err.flush();
            return 2;
          }
          err.println("streamkit: error: " + Diagnostic.describe(e));
          if (Boolean.getBoolean("streamkit.debug")) {
            e.printStackTrace(err);
          }
          err.flush();
          return 1;
        });
    return cli.execute(args);
  }
}
