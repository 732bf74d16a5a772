package io.streamkit.submitter;

import io.streamkit.catalog.LineageStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamkit latency report}: the SLA report of every chain of jobs. */
@Command(
    name = "latency",
    mixinStandardHelpOptions = true,
    description = "Latency of jobs tracked with streamkit.latency.enabled.",
    subcommands = {LatencyCommand.Report.class})
final class LatencyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = {
        "Read the metric topic and the lineage, and print for every chain (ingest table -> ..."
            + " -> final table) the end-to-end latency at its final table: p50, p99, max, the"
            + " share over the tolerance of --sla, the job adding the most, and the windows"
            + " whose p99 breached the tolerance.",
        "Exit code: 0, 1 when a chain breached its tolerance, 2 on bad usage."
      })
  static final class Report implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin SessionOptions session;

    @Option(
        names = "--since",
        defaultValue = "15 min",
        description = "How far back (default: ${DEFAULT-VALUE}; e.g. 15m, 2 h).")
    String since;

    @Option(
        names = "--sla",
        paramLabel = "FILE",
        description = "Tolerances: slas: [{table: dw.t, tolerance: 90 s}].")
    Path sla;

    @Option(
        names = "--format",
        defaultValue = "text",
        description = "text, json or html (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Write the report here instead of the output.")
    Path out;

    @Option(
        names = "--bootstrap",
        description =
            "Kafka brokers of the metric topic (default: the metrics.reporter.*.bootstrap.servers of the configuration).")
    String bootstrap;

    @Option(
        names = "--topic",
        description =
            "The metric topic (default: the metrics.reporter.*.topic of the configuration, else flink-metrics).")
    String topic;

    @Override
    public Integer call() throws IOException {
      Configuration conf = session.configuration();
      Duration window;
      try {
        window = TimeUtils.parseDuration(since);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--since '" + since + "' is not a duration (e.g. 15m, 2 h)");
      }
      if (!List.of("text", "json", "html").contains(format)) {
        throw new UsageException("--format must be text, json or html, not '" + format + "'");
      }
      String brokers = bootstrap != null ? bootstrap : reporterKey(conf, "bootstrap.servers");
      if (brokers == null) {
        throw new UsageException(
            "Where is the metric topic? Give --bootstrap HOST:PORT, or configure the reporter"
                + " (metrics.reporter.kafka.bootstrap.servers) in conf/streamkit.yaml.");
      }
      String metricTopic =
          topic != null ? topic : orElse(reporterKey(conf, "topic"), "flink-metrics");
      Map<String, Duration> slas = sla == null ? Map.of() : SlaFile.read(sla);
      List<LineageChains.Chain> chains;
      try (LineageStore store =
          LineageStore.open(
              Configuration.fromMap(SqlSession.catalogOptions(conf)),
              LatencyCommand.class.getClassLoader())) {
        chains = new LineageChains(store.edges()).all();
      }
      List<SketchEvents.Window> windows =
          SketchEvents.read(
              brokers,
              metricTopic,
              System.currentTimeMillis() - window.toMillis(),
              Duration.ofSeconds(30));
      List<LatencyReport.Chain> report = LatencyReport.build(chains, windows, slas);
      String text =
          switch (format) {
            case "json" -> ReportFormats.json(report, since);
            case "html" -> ReportFormats.html(report, since);
            default -> ReportFormats.text(report, since);
          };
      PrintWriter printer = spec.commandLine().getOut();
      if (out != null) {
        Files.writeString(out, text, StandardCharsets.UTF_8);
        printer.println("Wrote " + out);
      } else {
        printer.print(text);
      }
      printer.flush();
      return report.stream().anyMatch(c -> !c.breaches().isEmpty()) ? 1 : 0;
    }

    private static String reporterKey(Configuration conf, String suffix) {
      return conf.toMap().entrySet().stream()
          .filter(
              e -> e.getKey().startsWith("metrics.reporter.") && e.getKey().endsWith("." + suffix))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }

    private static String orElse(String value, String fallback) {
      return value != null ? value : fallback;
    }
  }
}
