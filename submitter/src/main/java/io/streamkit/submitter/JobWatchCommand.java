package io.streamkit.submitter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamkit.catalog.JobRunStore.JobRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code job watch}: reconciles the recorded runs with their clusters every interval, prints each
 * change of state, and restarts the jobs recorded with {@code streamkit.job.restart-on-failure}
 * when their latest run failed: from the failed job's latest retained checkpoint, else the job's
 * latest savepoint, at most {@code --max-restarts} runs per job within {@code --restart-window}.
 */
@Command(
    name = "watch",
    description =
        "Reconcile the recorded jobs every --interval, print each change of state, and restart"
            + " jobs recorded with streamkit.job.restart-on-failure when they fail.")
final class JobWatchCommand extends JobCommand.JobAction {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--interval", defaultValue = "10 s", description = "Time between passes.")
  String interval;

  @Option(names = "--once", description = "One pass, then exit.")
  boolean once;

  @Option(
      names = "--max-restarts",
      defaultValue = "3",
      description = "Runs of one job that --restart-window may hold before restarts stop.")
  int maxRestarts;

  @Option(
      names = "--restart-window",
      defaultValue = "1 h",
      description = "The window --max-restarts counts runs in.")
  String restartWindow;

  private final Map<String, String> seen = new HashMap<>();

  @Override
  public Integer call() throws Exception {
    Duration every = TimeUtils.parseDuration(interval);
    Duration window = TimeUtils.parseDuration(restartWindow);
    while (true) {
      pass(window);
      if (once) {
        return 0;
      }
      Thread.sleep(every.toMillis());
    }
  }

  private void pass(Duration window) throws Exception {
    PrintWriter out = out();
    try (JobRuns runs = runs()) {
      Map<String, List<JobRun>> byName = new LinkedHashMap<>();
      for (JobRun run : runs.all()) {
        byName.computeIfAbsent(run.jobName(), n -> new ArrayList<>()).add(run);
        String before = seen.put(run.runId(), run.state());
        if (before != null && !before.equals(run.state())) {
          out.printf(
              "%s job %s (%s): %s -> %s%n",
              Instant.now(), run.jobName(), run.flinkJobId(), before, run.state());
        }
      }
      for (List<JobRun> jobRuns : byName.values()) {
        JobRun latest = jobRuns.get(jobRuns.size() - 1);
        if (latest.restartOnFailure()
            && JobRuns.state(latest) == JobState.FAILED
            && latest.flinkJobId() != null) {
          restart(latest, jobRuns, window, out);
        }
      }
      out.flush();
    }
  }

  private void restart(JobRun failed, List<JobRun> jobRuns, Duration window, PrintWriter out)
      throws Exception {
    long since = System.currentTimeMillis() - window.toMillis();
    long recent = jobRuns.stream().filter(r -> r.submittedAt() >= since).count();
    if (recent > maxRestarts) {
      out.printf(
          "Not restarting job %s: %d runs within %s (--max-restarts %d).%n",
          failed.jobName(), recent, restartWindow, maxRestarts);
      return;
    }
    // A checkpoint the cluster reports but that is gone gives way to the latest savepoint.
    Optional<String> from =
        latestCheckpoint(failed, RestHttp.of(session.configuration()))
            .filter(JobWatchCommand::present);
    for (int i = jobRuns.size() - 1; from.isEmpty() && i >= 0; i--) {
      from = Optional.ofNullable(jobRuns.get(i).savepoint());
    }
    if (from.isEmpty()) {
      out.printf(
          "Cannot restart job %s: it left no retained checkpoint and has no savepoint.%n",
          failed.jobName());
      return;
    }
    out.printf("Restarting job %s (%s) from %s%n", failed.jobName(), failed.reason(), from.get());
    out.flush();
    int exit =
        JobCommand.resubmit(
            failed, from.get(), false, session.conf, out, spec.commandLine().getErr());
    if (exit != 0) {
      out.printf("Restarting job %s failed (exit %d).%n", failed.jobName(), exit);
    }
  }

  /**
   * {@code reported}, or, on a local file system where it is gone, the newest {@code chk-N} beside
   * it that has its {@code _metadata}: the statistics the REST API reports can lag the checkpoint
   * that subsumed them in the last moments before a failure, and a subsumed checkpoint is deleted.
   */
  static String retained(String reported) {
    URI uri = URI.create(reported.replace(" ", "%20"));
    if (uri.getScheme() != null && !"file".equals(uri.getScheme())) {
      return reported;
    }
    Path dir = uri.getScheme() == null ? Path.of(reported) : Path.of(uri);
    if (Files.isRegularFile(dir.resolve("_metadata")) || dir.getParent() == null) {
      return reported;
    }
    try (Stream<Path> siblings = Files.list(dir.getParent())) {
      return siblings
          .filter(p -> p.getFileName().toString().matches("chk-\\d+"))
          .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
          .max(
              Comparator.comparingLong(
                  p -> Long.parseLong(p.getFileName().toString().substring(4))))
          .map(p -> p.toUri().toString())
          .orElse(reported);
    } catch (IOException e) {
      return reported;
    }
  }

  /** False only for a local checkpoint or savepoint without its {@code _metadata}. */
  static boolean present(String path) {
    URI uri = URI.create(path.replace(" ", "%20"));
    if (uri.getScheme() != null && !"file".equals(uri.getScheme())) {
      return true;
    }
    Path dir = uri.getScheme() == null ? Path.of(path) : Path.of(uri);
    return Files.isRegularFile(dir.resolve("_metadata"));
  }

  /** The external path of the job's latest completed checkpoint, from its cluster's REST API. */
  private static Optional<String> latestCheckpoint(JobRun run, RestHttp http) {
    try {
      RestHttp.Answer response =
          http.get(
              run.cluster(), "/jobs/" + run.flinkJobId() + "/checkpoints", Duration.ofSeconds(10));
      if (response.status() != 200) {
        return Optional.empty();
      }
      JsonNode path =
          JSON.readTree(response.body()).path("latest").path("completed").path("external_path");
      return path.isTextual() && !path.asText().isBlank()
          ? Optional.of(path.asText())
          : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
