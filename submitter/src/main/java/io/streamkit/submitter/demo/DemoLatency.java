package io.streamkit.submitter.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamkit.submitter.StreamkitCli;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * The demo's latency SLA report: {@code bin/streamkit latency report} run on the demo's catalog
 * (lineage) and metric topic (latency sketches), with the tolerances of {@code demo/sla.yaml}.
 */
final class DemoLatency {
  private static final String CHAIN_END = "dw.app_events_per_minute";
  private static final long WAIT_MS = 30_000;

  private DemoLatency() {}

  /**
   * Prints the report and says whether the chain ending at the per-minute table timed every one of
   * its {@code perMinuteRows} rows. Waits a little for the jobs' final metric readings, which the
   * reporter sends as the jobs end.
   */
  static boolean printReport(
      Path work, Configuration conf, String bootstrap, long perMinuteRows, PrintWriter out)
      throws IOException, InterruptedException {
    Path sla = work.resolve("sla.yaml");
    try (InputStream in = DemoLatency.class.getResourceAsStream("sla.yaml")) {
      Files.copy(in, sla);
    }
    Path emptyConf =
        Files.writeString(work.resolve("report.yaml"), "# the demo's keys come as -D\n");
    List<String> args = new ArrayList<>(List.of("latency", "report", "--since", "1 h"));
    args.addAll(List.of("--conf", emptyConf.toString(), "--sla", sla.toString()));
    args.addAll(List.of("--bootstrap", bootstrap, "--topic", DemoTelemetry.METRIC_TOPIC));
    args.addAll(
        List.of("-D", "streamkit.catalog.url=" + conf.getString("streamkit.catalog.url", "")));

    Path json = work.resolve("latency-report.json");
    long deadline = System.currentTimeMillis() + WAIT_MS;
    long timed = timedRows(run(args, "--format", "json", "--out", json.toString()), json);
    while (timed < perMinuteRows && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
      timed = timedRows(run(args, "--format", "json", "--out", json.toString()), json);
    }
    out.println(
        "Latency SLA report of the chains (the same as: bin/streamkit latency report --sla"
            + " sla.yaml):");
    Result text = run(args, "--format", "text");
    out.print(text.out);
    boolean ok = text.exitCode <= 1 && timed == perMinuteRows; // 1: a tolerance was breached
    out.println(
        ok
            ? "The chain ending at "
                + CHAIN_END
                + " timed all "
                + perMinuteRows
                + " of its rows, from the events' own time on the phone."
            : "MISMATCH: the chain ending at "
                + CHAIN_END
                + " timed "
                + timed
                + " of its "
                + perMinuteRows
                + " rows. "
                + text.err.trim());
    out.flush();
    return ok;
  }

  private record Result(int exitCode, String out, String err) {}

  private static Result run(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        StreamkitCli.execute(
            all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  /** Records the JSON report counted at the per-minute table's chain, or -1. */
  private static long timedRows(Result result, Path json) throws IOException {
    if (result.exitCode > 1 || !Files.exists(json)) {
      return -1;
    }
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    for (JsonNode chain : root.path("chains")) {
      if (chain.path("finalTable").asText().endsWith(CHAIN_END)) {
        return chain.path("count").asLong();
      }
    }
    return -1;
  }
}
