package io.streamkit.submitter;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.streamkit.catalog.JobRunStore;
import io.streamkit.catalog.JobRunStore.JobRun;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code streamkit job ...}: the jobs {@code sql run} submitted, as the catalog records them. */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = {
      "The jobs that 'sql run' submitted, recorded in the catalog database and reconciled with"
          + " their clusters on every command (docs/jobs.md).",
      "Exit code: 0 on success, 1 on an unknown or ambiguous job, a cluster that fails the action,"
          + " 2 on bad usage."
    },
    subcommands = {
      JobCommand.ListJobs.class,
      JobCommand.Status.class,
      JobCommand.History.class,
      JobCommand.Cancel.class,
      JobCommand.Stop.class,
      JobCommand.Savepoint.class,
      JobCommand.Resume.class,
      JobWatchCommand.class
    })
final class JobCommand implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /**
   * Runs {@code last} again on its cluster, detached, from {@code savepoint}: a SQL run's recorded
   * script with its -D options and --vars (through the savepoint check), a JAR run's jar, main
   * class and arguments; returns the exit code of that {@code sql run} or {@code jar run}.
   */
  static int resubmit(
      JobRun last,
      String savepoint,
      boolean allowNonRestoredState,
      Path confFile,
      PrintWriter out,
      PrintWriter err)
      throws Exception {
    boolean jarJob = last.statements().startsWith("JAR ");
    List<String> args =
        new ArrayList<>(List.of(jarJob ? "jar" : "sql", "run", "--target", "remote"));
    args.addAll(List.of("--rest", last.cluster(), "--detached"));
    if (confFile != null) {
      args.addAll(List.of("--conf", confFile.toString()));
    }
    Map<String, String> options =
        JSON.readValue(last.options(), new TypeReference<LinkedHashMap<String, String>>() {});
    options.remove("execution.state-recovery.path");
    options.remove("execution.state-recovery.ignore-unclaimed-state");
    options.forEach((k, v) -> args.addAll(List.of("-D", k + "=" + v)));
    args.addAll(List.of("--from-savepoint", savepoint));
    if (allowNonRestoredState) {
      args.add("--allow-non-restored-state");
    }
    if (jarJob) {
      // A JAR run records {"jar": path, "class": main or "", "args": [...]} as its script.
      JsonNode recorded = JSON.readTree(last.script());
      if (!recorded.path("class").asText().isEmpty()) {
        args.addAll(List.of("--class", recorded.path("class").asText()));
      }
      args.add(recorded.path("jar").asText());
      recorded.path("args").forEach(a -> args.add(a.asText()));
    } else {
      Path dir = Files.createTempDirectory("streamkit-resume-");
      Path script = dir.resolve(Path.of(last.scriptFile()).getFileName());
      Files.writeString(script, last.script(), StandardCharsets.UTF_8);
      Map<String, String> vars =
          JSON.readValue(last.vars(), new TypeReference<LinkedHashMap<String, String>>() {});
      vars.forEach((k, v) -> args.addAll(List.of("--var", k + "=" + v)));
      args.add(script.toString());
    }
    return StreamkitCli.execute(args.toArray(String[]::new), out, err);
  }

  /** What every subcommand shares: the configuration, output, and the runs. */
  abstract static class JobAction implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin SessionOptions session;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    JobRuns runs() {
      return new JobRuns(session.configuration(), spec.commandLine().getErr());
    }

    /** The savepoint directory: the flag, else {@code state.savepoints.dir}. */
    String savepointDir(String flag) {
      if (flag != null) {
        return flag;
      }
      return session
          .configuration()
          .getOptional(CheckpointingOptions.SAVEPOINT_DIRECTORY)
          .orElseThrow(
              () ->
                  new UsageException(
                      "No savepoint directory: give one, or set state.savepoints.dir in"
                          + " streamkit.yaml."));
    }
  }

  @Command(name = "list", description = "The latest run of every job (--all: every run).")
  static final class ListJobs extends JobAction {
    @Option(names = "--all", description = "Every run, also of jobs that ended.")
    boolean all;

    @Override
    public Integer call() throws Exception {
      try (JobRuns runs = runs()) {
        List<JobRun> shown = runs.all();
        if (!all) {
          Map<String, JobRun> latest = new LinkedHashMap<>();
          shown.forEach(r -> latest.put(r.jobName(), r));
          shown = new ArrayList<>(latest.values());
        }
        PrintWriter out = out();
        out.printf(
            "%-30s %-10s %-32s %-22s %-24s %s%n",
            "NAME", "STATE", "FLINK JOB ID", "CLUSTER", "SUBMITTED", "SAVEPOINT");
        for (JobRun r : shown) {
          out.printf(
              "%-30s %-10s %-32s %-22s %-24s %s%n",
              r.jobName(),
              r.state(),
              r.flinkJobId() == null ? "-" : r.flinkJobId(),
              r.cluster(),
              Instant.ofEpochMilli(r.submittedAt()),
              r.savepoint() == null ? "-" : r.savepoint());
        }
        out.flush();
        return 0;
      }
    }
  }

  @Command(name = "status", description = "A job's latest run, or a run by its id, in full.")
  static final class Status extends JobAction {
    @Parameters(paramLabel = "NAME|ID")
    String job;

    @Override
    public Integer call() throws Exception {
      try (JobRuns runs = runs()) {
        JobRun r = runs.resolve(job, false);
        PrintWriter out = out();
        out.println("name:          " + r.jobName());
        out.println("state:         " + r.state());
        out.println("run id:        " + r.runId());
        out.println("flink job id:  " + (r.flinkJobId() == null ? "-" : r.flinkJobId()));
        out.println("cluster:       " + r.cluster());
        out.println("submitted:     " + Instant.ofEpochMilli(r.submittedAt()));
        out.println(
            "ended:         " + (r.endedAt() == null ? "-" : Instant.ofEpochMilli(r.endedAt())));
        out.println("script:        " + r.scriptFile() + " (sha256 " + r.scriptHash() + ")");
        out.println("restored from: " + (r.restoredFrom() == null ? "-" : r.restoredFrom()));
        out.println("savepoint:     " + (r.savepoint() == null ? "-" : r.savepoint()));
        out.println(
            "options:       "
                + JobRunStore.masked(
                    JSON.readValue(
                        r.options(), new TypeReference<LinkedHashMap<String, String>>() {})));
        out.println("vars:          " + r.vars());
        if (r.reason() != null) {
          out.println("reason:        " + r.reason());
        }
        out.flush();
        return 0;
      }
    }
  }

  @Command(
      name = "history",
      description =
          "Every run of a job, oldest first, each with its script's diff to the run before.")
  static final class History extends JobAction {
    @Parameters(paramLabel = "NAME")
    String job;

    @Override
    public Integer call() throws Exception {
      try (JobRuns runs = runs()) {
        List<JobRun> all = runs.runsOf(job);
        if (all.isEmpty()) {
          runs.resolve(job, false); // the unknown-job message
        }
        PrintWriter out = out();
        JobRun previous = null;
        int n = 1;
        for (JobRun r : all) {
          out.printf(
              "run %d  %s  %s  submitted %s  flink job %s%s%n",
              n++,
              r.runId(),
              r.state(),
              Instant.ofEpochMilli(r.submittedAt()),
              r.flinkJobId() == null ? "-" : r.flinkJobId(),
              r.restoredFrom() == null ? "" : "  restored from " + r.restoredFrom());
          if (previous == null) {
            out.println("  script " + r.scriptFile() + " (first run)");
          } else if (previous.scriptHash().equals(r.scriptHash())) {
            out.println("  script unchanged");
          } else {
            List<String> before = previous.script().lines().toList();
            List<String> after = r.script().lines().toList();
            for (String line :
                UnifiedDiffUtils.generateUnifiedDiff(
                    "run " + (n - 2), "run " + (n - 1), before, DiffUtils.diff(before, after), 2)) {
              out.println("  " + line);
            }
          }
          previous = r;
        }
        out.flush();
        return 0;
      }
    }
  }

  @Command(name = "cancel", description = "Cancels a running job (no savepoint).")
  static final class Cancel extends JobAction {
    @Parameters(paramLabel = "NAME|ID")
    String job;

    @Override
    public Integer call() throws Exception {
      try (JobRuns runs = runs()) {
        JobRun r = runs.resolve(job, true);
        runs.call(r, ClusterClient::cancel);
        long now = System.currentTimeMillis();
        runs.put(r.withState(JobState.CANCELED.label(), "canceled by bin/streamkit", now, now));
        out().println("Canceled job " + r.jobName() + " (" + r.flinkJobId() + ").");
        out().flush();
        return 0;
      }
    }
  }

  @Command(name = "stop", description = "Stops a running job with a savepoint.")
  static final class Stop extends JobAction {
    @Parameters(paramLabel = "NAME|ID")
    String job;

    @Option(
        names = "--savepoint",
        paramLabel = "DIR",
        description = "Where the savepoint goes (default: state.savepoints.dir).")
    String dir;

    @Override
    public Integer call() throws Exception {
      String target = savepointDir(dir);
      try (JobRuns runs = runs()) {
        JobRun r = runs.resolve(job, true);
        String path =
            runs.call(
                r,
                (client, id) ->
                    client.stopWithSavepoint(id, false, target, SavepointFormatType.DEFAULT));
        long now = System.currentTimeMillis();
        runs.put(
            r.withSavepoint(path, now)
                .withState(JobState.STOPPED.label(), "stopped with a savepoint", now, now));
        out().println("Stopped job " + r.jobName() + " with savepoint " + path);
        out().flush();
        return 0;
      }
    }
  }

  @Command(name = "savepoint", description = "Takes a savepoint of a running job.")
  static final class Savepoint extends JobAction {
    @Parameters(paramLabel = "NAME|ID")
    String job;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description = "Where the savepoint goes (default: state.savepoints.dir).")
    String dir;

    @Override
    public Integer call() throws Exception {
      String target = savepointDir(dir);
      try (JobRuns runs = runs()) {
        JobRun r = runs.resolve(job, true);
        String path =
            runs.call(
                r,
                (client, id) -> client.triggerSavepoint(id, target, SavepointFormatType.DEFAULT));
        runs.put(r.withSavepoint(path, System.currentTimeMillis()));
        out().println("Savepoint of job " + r.jobName() + ": " + path);
        out().flush();
        return 0;
      }
    }
  }

  @Command(
      name = "resume",
      description =
          "Runs a job's recorded script again (its -D options and --vars) on its cluster, from its"
              + " latest savepoint or --from-savepoint, detached.")
  static final class Resume extends JobAction {
    @Parameters(paramLabel = "NAME")
    String job;

    @Option(
        names = "--from-savepoint",
        paramLabel = "PATH",
        description = "The savepoint to start from (default: the job's latest).")
    String fromSavepoint;

    @Option(
        names = "--allow-non-restored-state",
        description = "Start even though some of the savepoint's state has no operator to go to.")
    boolean allowNonRestoredState;

    @Override
    public Integer call() throws Exception {
      JobRun last;
      String savepoint;
      try (JobRuns runs = runs()) {
        List<JobRun> all = runs.runsOf(job);
        if (all.isEmpty()) {
          runs.resolve(job, false); // the unknown-job message
        }
        // The latest run that reached a cluster: a refused submission is no definition to resume.
        last =
            all.stream()
                .filter(r -> r.flinkJobId() != null)
                .reduce((a, b) -> b)
                .orElse(all.get(all.size() - 1));
        JobRun newest = all.get(all.size() - 1);
        if (!JobRuns.state(newest).terminal()) {
          last = newest;
        }
        if (!JobRuns.state(last).terminal()) {
          throw new IllegalArgumentException(
              "Job '"
                  + job
                  + "' is "
                  + last.state()
                  + " (Flink job "
                  + last.flinkJobId()
                  + "): stop it first (bin/streamkit job stop "
                  + job
                  + ").");
        }
        savepoint = fromSavepoint;
        for (int i = all.size() - 1; savepoint == null && i >= 0; i--) {
          savepoint = all.get(i).savepoint();
        }
      }
      if (savepoint == null) {
        throw new IllegalArgumentException(
            "Job '" + job + "' has no recorded savepoint: give --from-savepoint PATH.");
      }
      checkSavepoint(savepoint);
      if ("local".equals(last.cluster())) {
        throw new IllegalArgumentException(
            "Job '" + job + "' ran in a local cluster: resume runs on a remote one only.");
      }
      out().println("Resuming job " + job + " from " + savepoint);
      out().flush();
      return resubmit(
          last, savepoint, allowNonRestoredState, session.conf, out(), spec.commandLine().getErr());
    }

    /** A local savepoint must be a directory with Flink's {@code _metadata} file. */
    private static void checkSavepoint(String path) {
      URI uri = URI.create(path.replace(" ", "%20"));
      if (uri.getScheme() != null && !"file".equals(uri.getScheme())) {
        return; // a remote file system: the JobManager checks it
      }
      Path dir = uri.getScheme() == null ? Path.of(path) : Path.of(uri);
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("Savepoint " + path + " does not exist.");
      }
      if (!Files.isRegularFile(dir.resolve("_metadata"))) {
        throw new IllegalArgumentException(
            "Savepoint " + path + " is not a savepoint: it has no _metadata file.");
      }
    }
  }
}
