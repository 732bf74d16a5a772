package io.streamkit.benchmarks;

import io.streamkit.catalog.JobRunStore;
import io.streamkit.submitter.StreamkitCli;
import io.streamkit.testkit.FlinkCluster;
import io.streamkit.testkit.MariaDb;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;

/**
 * {@code bin/streamkit job list --all} over 1,000 recorded runs, in-process as the CLI runs it:
 * "all live" has 1,000 runs marked running on one cluster (a MiniCluster behind REST) that does not
 * know them, so one job listing and 1,000 state writes (each run becomes lost); "all ended" is the
 * next call, with nothing to ask the cluster. On H2 (the default catalog database) and MariaDB.
 * Target (issue 17): under 2 s for 1,000 jobs.
 *
 * <p>Arguments: [rounds] [runs].
 */
public final class JobReconcileBenchmark {
  private record Timing(double liveS, double endedS) {}

  private JobReconcileBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    Path dir = Files.createTempDirectory("job-reconcile-");
    FlinkCluster flink = new FlinkCluster();
    MariaDb mariadb = new MariaDb();
    try {
      flink.start();
      mariadb.start();
      Map<String, Rounds.Trial<Timing>> trials = new LinkedHashMap<>();
      trials.put(
          "H2",
          round ->
              measure(
                  "jdbc:h2:file:" + dir.resolve("h2-" + round).toAbsolutePath(),
                  "sa",
                  flink.restHostPort(),
                  runs));
      trials.put(
          "MariaDB",
          round -> {
            mariadb.createDatabase("jobs_" + round);
            return measure(
                mariadb.jdbcUrl("jobs_" + round), mariadb.username(), flink.restHostPort(), runs);
          });
      Map<String, List<Timing>> results = Rounds.interleaved(rounds, trials);
      System.out.printf(
          "%njob list --all over %,d recorded runs, %d rounds after a warm-up (min / median / max,"
              + " seconds):%n",
          runs, rounds);
      results.forEach(
          (db, timings) -> {
            System.out.printf(
                "  %-8s all live (1 listing, %,d writes)  %s%n",
                db, runs, Rounds.spread(timings, Timing::liveS, "%5.2f"));
            System.out.printf(
                "  %-8s all ended (nothing to ask)      %s%n",
                db, Rounds.spread(timings, Timing::endedS, "%5.2f"));
          });
    } finally {
      mariadb.close();
      flink.close();
    }
  }

  private static Timing measure(String url, String user, String cluster, int runs)
      throws Exception {
    Map<String, String> options = Map.of("url", url, "username", user);
    long now = System.currentTimeMillis();
    try (JobRunStore store =
        JobRunStore.open(
            Configuration.fromMap(options), JobReconcileBenchmark.class.getClassLoader())) {
      for (int i = 0; i < runs; i++) {
        store.put(
            new JobRunStore.JobRun(
                UUID.randomUUID().toString(),
                "job-" + i,
                new JobID().toHexString(),
                cluster,
                "running",
                "/jobs/job-" + i + ".sql",
                "INSERT INTO t SELECT 1;",
                "0".repeat(64),
                "INSERT INTO t SELECT 1",
                "{}",
                "{}",
                false,
                null,
                null,
                null,
                now,
                null,
                now));
      }
    }
    List<String> args =
        new ArrayList<>(List.of("job", "list", "--all", "-D", "streamkit.catalog.url=" + url));
    args.addAll(List.of("-D", "streamkit.catalog.username=" + user));
    double live = timed(args);
    double ended = timed(args);
    System.out.printf("  %s: all live %.2f s, all ended %.2f s%n", url, live, ended);
    return new Timing(live, ended);
  }

  private static double timed(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long start = System.nanoTime();
    int exit =
        StreamkitCli.execute(
            args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (exit != 0 || out.toString().lines().count() < 2) {
      throw new IllegalStateException("job list failed: " + err);
    }
    return seconds;
  }
}
