package io.streamkit.submitter;

import io.streamkit.catalog.LineageStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code streamkit lineage show [TABLE]}: the chains of jobs the catalog database recorded. */
@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    description = "Job lineage recorded in the catalog database.",
    subcommands = {LineageCommand.Show.class})
final class LineageCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Print every chain of jobs from an ingest table to a final sink, as"
            + " 'a -[job]-> b -[job]-> c'; with TABLE, the chains through it (upstream and"
            + " downstream).",
        "Exit code: 0, 1 when TABLE is in no recorded lineage."
      })
  static final class Show implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin SessionOptions session;

    @Parameters(
        paramLabel = "TABLE",
        arity = "0..1",
        description = "A table, as catalog.database.table or database.table.")
    String table;

    @Override
    public Integer call() {
      Configuration conf = session.configuration();
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<LineageStore.Edge> edges;
      try (LineageStore store =
          LineageStore.open(
              Configuration.fromMap(SqlSession.catalogOptions(conf)),
              LineageCommand.class.getClassLoader())) {
        edges = store.edges();
      }
      LineageChains chains = new LineageChains(edges);
      if (table != null && !chains.knows(table)) {
        err.println(
            "No recorded job reads or writes "
                + table
                + ". Lineage is recorded when a job is submitted through 'streamkit sql run' (or"
                + " on a cluster with execution.job-status-changed-listeners:"
                + " io.streamkit.catalog.LineageListenerFactory).");
        err.flush();
        return 1;
      }
      List<String> lines = chains.chains(table);
      if (lines.isEmpty()) {
        out.println("No lineage recorded yet.");
      }
      lines.forEach(out::println);
      out.flush();
      return 0;
    }
  }
}
