package io.streamkit.submitter;

import io.streamkit.catalog.JobRunStore;
import io.streamkit.catalog.JobRunStore.JobRun;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.cli.ClientOptions;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.client.JobStatusMessage;

/**
 * The recorded job runs of the catalog database, kept true to the clusters: every read reconciles
 * the runs not yet ended with their cluster's REST API (one job listing per cluster).
 */
final class JobRuns implements AutoCloseable {
  private final Configuration conf;
  private final JobRunStore store;
  private final PrintWriter err;

  JobRuns(Configuration conf, PrintWriter err) {
    this.conf = conf;
    this.store = store(conf);
    this.err = err;
  }

  static JobRunStore store(Configuration conf) {
    return JobRunStore.open(
        Configuration.fromMap(SqlSession.catalogOptions(conf)), JobRuns.class.getClassLoader());
  }

  /** Every run, oldest first, reconciled. */
  List<JobRun> all() throws Exception {
    return reconcile(store.all());
  }

  /** The runs of a job, oldest first, reconciled. */
  List<JobRun> runsOf(String name) throws Exception {
    return reconcile(store.runsOf(name));
  }

  /**
   * The run {@code nameOrId} names: a run id or Flink job id, else the job name's latest run. With
   * {@code live}, a name must have exactly one run not yet ended.
   */
  JobRun resolve(String nameOrId, boolean live) throws Exception {
    var byId = store.byId(nameOrId);
    if (byId.isPresent()) {
      return reconcile(List.of(byId.get())).get(0);
    }
    List<JobRun> runs = runsOf(nameOrId);
    if (runs.isEmpty()) {
      throw new IllegalArgumentException(
          "Unknown job '"
              + nameOrId
              + "': no run has that name, run id or Flink job id (bin/streamkit job list --all"
              + " lists them).");
    }
    if (!live) {
      return runs.get(runs.size() - 1);
    }
    List<JobRun> alive = runs.stream().filter(r -> !state(r).terminal()).toList();
    if (alive.size() > 1) {
      throw new IllegalArgumentException(
          "Job name '"
              + nameOrId
              + "' is ambiguous: "
              + alive.size()
              + " of its runs are live (Flink job ids "
              + String.join(", ", alive.stream().map(JobRun::flinkJobId).toList())
              + "); give the Flink job id.");
    }
    if (alive.isEmpty()) {
      JobRun last = runs.get(runs.size() - 1);
      throw new IllegalArgumentException(
          "Job '" + nameOrId + "' is not running: its last run is " + state(last).label() + ".");
    }
    return alive.get(0);
  }

  void put(JobRun run) throws Exception {
    store.put(run);
  }

  static JobState state(JobRun run) {
    return JobState.parse(run.state());
  }

  /** A client of the run's cluster; fails for a local run, whose cluster ended with its CLI. */
  ClusterConnection cluster(JobRun run) throws Exception {
    if ("local".equals(run.cluster()) || run.flinkJobId() == null) {
      throw new IllegalArgumentException(
          "Job '"
              + run.jobName()
              + "' ran "
              + ("local".equals(run.cluster())
                  ? "in a local cluster"
                  : "nowhere (its submission failed)")
              + ": there is no cluster to ask.");
    }
    return ClusterConnection.remote(run.cluster(), conf);
  }

  /** An action of the cluster's client on a job, e.g. {@code ClusterClient::cancel}. */
  interface ClientCall<T> {
    CompletableFuture<T> apply(ClusterClient<?> client, JobID job) throws Exception;
  }

  /**
   * Runs {@code call} on {@code run}'s job through its cluster and waits for it (client timeout).
   */
  <T> T call(JobRun run, ClientCall<T> call) throws Exception {
    try (ClusterConnection cluster = cluster(run)) {
      return call.apply(cluster.client(), JobID.fromHexString(run.flinkJobId()))
          .get(timeout().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  Duration timeout() {
    return conf.get(ClientOptions.CLIENT_TIMEOUT);
  }

  /**
   * Brings the runs not yet ended up to date with their clusters: Flink's status of each job, or
   * {@code lost} when the cluster does not know it. A cluster that does not answer leaves its runs
   * as they were, with a warning.
   */
  List<JobRun> reconcile(List<JobRun> runs) throws Exception {
    Map<String, List<JobRun>> byCluster = new LinkedHashMap<>();
    for (JobRun run : runs) {
      if (!state(run).terminal() && run.flinkJobId() != null && !"local".equals(run.cluster())) {
        byCluster.computeIfAbsent(run.cluster(), c -> new ArrayList<>()).add(run);
      }
    }
    Map<String, JobRun> updated = new HashMap<>();
    for (Map.Entry<String, List<JobRun>> entry : byCluster.entrySet()) {
      Map<JobID, JobStatusMessage> known = new HashMap<>();
      try (ClusterConnection cluster = ClusterConnection.remote(entry.getKey(), conf)) {
        // A cluster that is gone must not hold every job command up for the client's whole
        // timeout (a minute of retries): a listing answers in milliseconds when it answers.
        Collection<JobStatusMessage> jobs =
            cluster
                .client()
                .listJobs()
                .get(
                    conf.get(StreamkitOptions.REST_PROBE_TIMEOUT).toMillis(),
                    TimeUnit.MILLISECONDS);
        jobs.forEach(j -> known.put(j.getJobId(), j));
      } catch (Exception e) {
        err.println(
            "Warning: cannot reach the Flink cluster at "
                + entry.getKey()
                + " ("
                + Diagnostic.describe(e)
                + "): the states of its "
                + entry.getValue().size()
                + " live run(s) are as last seen.");
        err.flush();
        continue;
      }
      long now = System.currentTimeMillis();
      for (JobRun run : entry.getValue()) {
        JobStatusMessage status = known.get(JobID.fromHexString(run.flinkJobId()));
        JobState next =
            status == null ? JobState.LOST : JobState.of(status.getJobState(), state(run));
        if (next != state(run)) {
          JobRun changed =
              run.withState(
                  next.label(), reason(next, run), next.terminal() ? Long.valueOf(now) : null, now);
          store.put(changed);
          updated.put(run.runId(), changed);
        }
      }
    }
    return runs.stream().map(r -> updated.getOrDefault(r.runId(), r)).toList();
  }

  private static String reason(JobState next, JobRun run) {
    return switch (next) {
      case LOST -> "the cluster no longer knows the job";
      case FAILED ->
          "failed on the cluster (its exceptions: GET /jobs/" + run.flinkJobId() + "/exceptions)";
      default -> run.reason();
    };
  }

  @Override
  public void close() {
    store.close();
  }
}
