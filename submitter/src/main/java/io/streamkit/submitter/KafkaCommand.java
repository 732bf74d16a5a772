package io.streamkit.submitter;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code streamkit kafka attach}: a Kafka cluster as a database of the catalog (kafka-tables.md).
 */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    description = "Kafka clusters whose topics are tables without DDL.",
    subcommands = {KafkaCommand.Attach.class})
final class KafkaCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  @Command(
      name = "attach",
      mixinStandardHelpOptions = true,
      description = {
        "Attach a Kafka cluster as database NAME of the streamkit catalog: every topic becomes"
            + " NAME.<topic>. The cluster must answer now; its options are stored once.",
        "Exit code: 0 when attached, 1 when refused (unreachable, name taken), 2 on bad usage."
      })
  static final class Attach implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin SessionOptions session;

    @Parameters(paramLabel = "NAME", description = "Database name for the cluster.")
    String name;

    @Option(
        names = "--bootstrap",
        required = true,
        paramLabel = "HOST:PORT[,...]",
        description = "The cluster's bootstrap servers.")
    String bootstrap;

    @Option(
        names = "--property",
        paramLabel = "key=value",
        description =
            "A Kafka client property (security.protocol, sasl.mechanism, sasl.jaas.config, ...),"
                + " a connector option of every topic (scan.startup.mode, ...) or a database"
                + " option (watermark.delay, watermark.delay.<topic>, schema.inference.*);"
                + " repeatable.")
    List<String> properties = new ArrayList<>();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        int topics =
            KafkaTables.attach(
                session.configuration(),
                name,
                bootstrap,
                ConfigLoader.parsePairs(properties, "--property"));
        out.println(
            "Attached " + name + " (" + bootstrap + "): " + topics + " topic(s) are tables.");
        return 0;
      } catch (DatabaseAlreadyExistException e) {
        err.println("Database " + name + " exists already; choose another name.");
        return 1;
      } catch (CatalogException e) {
        err.println(e.getMessage());
        return 1;
      } catch (Exception e) {
        err.println(e.getMessage());
        return 1;
      }
    }
  }
}
