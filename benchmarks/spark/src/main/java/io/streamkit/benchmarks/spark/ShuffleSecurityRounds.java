package io.streamkit.benchmarks.spark;

import io.netty.handler.ssl.SslContext;
import io.streamkit.benchmarks.spark.RemoteShuffleBenchmark.Jobs;
import io.streamkit.shuffle.common.TlsContexts;
import io.streamkit.shuffle.server.EmbeddedShuffleCluster;
import io.streamkit.testkit.KeyStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;

/**
 * {@code RemoteShuffleBenchmark security [shuffleGB] [ingestGB] [rounds]}: the cost of the
 * shuffle's authentication and of TLS, against both off, in one run: a worker's ingest (4
 * producers, 1 MB blocks, into memory) and the same checked Spark jobs, each warmed up and then
 * interleaved with the order rotated per round (off, auth, TLS; auth, TLS, off; ...). Each setting
 * has servers of its own, configured alike but for the security keys.
 */
final class ShuffleSecurityRounds {
  private static final String OFF = "off";
  private static final String AUTH = "authentication";
  private static final String TLS = "auth + TLS";

  private ShuffleSecurityRounds() {}

  static void main(String[] args) throws Exception {
    double shuffleGb = args.length > 0 ? Double.parseDouble(args[0]) : 1;
    double ingestGb = args.length > 1 ? Double.parseDouble(args[1]) : 2;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path work = Path.of("target", "shuffle-security-bench").toAbsolutePath();
    FileUtils.deleteDirectory(work.toFile());
    Files.createDirectories(work);
    KeyStores stores = KeyStores.create(work.resolve("tls"));
    SslContext clientTls =
        TlsContexts.client(stores.truststore(), KeyStores.PASSWORD, "truststore");

    Map<String, Map<String, String>> servers = new LinkedHashMap<>();
    servers.put(OFF, Map.of());
    servers.put(AUTH, authentication());
    Map<String, String> tls = new HashMap<>(authentication());
    tls.put("streamkit.shuffle.ssl.enabled", "true");
    tls.put("streamkit.shuffle.ssl.keystore", stores.keystore().toString());
    tls.put("streamkit.shuffle.ssl.keystore-password", KeyStores.PASSWORD);
    tls.put("streamkit.shuffle.ssl.truststore", stores.truststore().toString());
    tls.put("streamkit.shuffle.ssl.truststore-password", KeyStores.PASSWORD);
    servers.put(TLS, tls);

    Map<String, Map<String, String>> clients = new LinkedHashMap<>();
    clients.put(OFF, Map.of());
    clients.put(AUTH, Map.of("spark.streamkit.shuffle.authentication.enabled", "true"));
    clients.put(
        TLS,
        Map.of(
            "spark.streamkit.shuffle.authentication.enabled",
            "true",
            "spark.streamkit.shuffle.ssl.enabled",
            "true",
            "spark.streamkit.shuffle.ssl.truststore",
            stores.truststore().toString(),
            "spark.streamkit.shuffle.ssl.truststore-password",
            KeyStores.PASSWORD));

    // Connections: what authentication adds per connection (two round trips) and TLS its handshake.
    Map<String, Rounds.Trial<Double>> connects = new LinkedHashMap<>();
    for (String name : servers.keySet()) {
      connects.put(
          name,
          round ->
              connectMillis(
                  name,
                  round,
                  work.resolve("connect-" + dir(name) + "-" + round),
                  servers.get(name),
                  name.equals(TLS) ? clientTls : null,
                  !name.equals(OFF)));
    }
    Map<String, List<Double>> connectMs = Rounds.rotated(rounds, connects);

    // Ingest into memory (/dev/shm when there is one), so that the disk does not hide CPU costs.
    Path memory = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : work;
    System.out.printf("%nworker ingest into %s%n", memory);
    long ingestBytes = (long) (ingestGb * (1L << 30));
    Map<String, Rounds.Trial<Double>> ingest = new LinkedHashMap<>();
    for (String name : servers.keySet()) {
      ingest.put(
          name,
          round -> {
            Path dir = memory.resolve("streamkit-ingest-" + dir(name) + "-" + round);
            try {
              return RemoteShuffleBenchmark.mbs(
                  name,
                  round,
                  RemoteShuffleBenchmark.workerIngest(
                      dir,
                      RemoteShuffleBenchmark.size(ingestBytes, round),
                      servers.get(name),
                      name.equals(TLS) ? clientTls : null,
                      !name.equals(OFF)));
            } finally {
              FileUtils.deleteDirectory(dir.toFile());
            }
          });
    }
    Map<String, List<Double>> mbs = Rounds.rotated(rounds, ingest);

    long rows = (long) (shuffleGb * 1e9 / 128);
    System.out.printf(
        "%nSpark jobs on %,d rows (about %.1f GB shuffled each), warm-up on %,d rows%n",
        rows, shuffleGb, rows / 8);
    Map<String, EmbeddedShuffleCluster> clusters = new LinkedHashMap<>();
    Map<String, List<Jobs>> jobs;
    try {
      for (String name : servers.keySet()) {
        clusters.put(
            name,
            EmbeddedShuffleCluster.start(
                work.resolve("cluster-" + dir(name)),
                work.resolve("shuffle-" + dir(name)).toUri().toString(),
                2,
                servers.get(name)));
      }
      Map<String, Rounds.Trial<Jobs>> trials = new LinkedHashMap<>();
      for (String name : servers.keySet()) {
        trials.put(
            name,
            round ->
                RemoteShuffleBenchmark.sparkJobs(
                    name,
                    round,
                    work,
                    round == 0 ? rows / 8 : rows,
                    clusters.get(name),
                    clients.get(name)));
      }
      jobs = Rounds.rotated(rounds, trials);
    } finally {
      clusters.values().forEach(EmbeddedShuffleCluster::close);
    }

    System.out.printf(
        "%n%d rounds, interleaved (order rotated per round), after a warm-up round;"
            + " min / median / max%n",
        rounds);
    connectMs.forEach(
        (name, rs) ->
            System.out.printf("  connect %-14s ms %s%n", name, Rounds.spread(rs, v -> v, "%6.2f")));
    mbs.forEach(
        (name, rs) ->
            System.out.printf(
                "  ingest %-14s MB/s %s%n", name, Rounds.spread(rs, v -> v, "%,6.0f")));
    jobs.forEach(
        (name, rs) ->
            System.out.printf(
                "  jobs   %-14s groupBy s %s   sort s %s%n",
                name,
                Rounds.spread(rs, Jobs::groupBySeconds, "%5.1f"),
                Rounds.spread(rs, Jobs::sortSeconds, "%5.1f")));
    for (String name : List.of(AUTH, TLS)) {
      System.out.printf(
          "%s / off, ratio of medians: connect ms %s, ingest MB/s %s, groupBy s %s, sort s %s%n",
          name,
          Rounds.ratio(connectMs.get(name), connectMs.get(OFF), v -> v),
          Rounds.ratio(mbs.get(name), mbs.get(OFF), v -> v),
          Rounds.ratio(jobs.get(name), jobs.get(OFF), Jobs::groupBySeconds),
          Rounds.ratio(jobs.get(name), jobs.get(OFF), Jobs::sortSeconds));
    }
    FileUtils.deleteDirectory(work.toFile());
  }

  private static String dir(String name) {
    return name.replace(" + ", "-").replace(' ', '-');
  }

  /** Median milliseconds to connect to a worker (and authenticate), over 200 connections. */
  private static double connectMillis(
      String name,
      int round,
      Path dir,
      Map<String, String> serverConf,
      SslContext tls,
      boolean authenticate)
      throws Exception {
    try (EmbeddedShuffleCluster cluster =
        EmbeddedShuffleCluster.start(dir, dir.resolve("data").toUri().toString(), 1, serverConf)) {
      io.streamkit.shuffle.common.ShuffleAuth.Credentials credentials =
          authenticate ? RemoteShuffleBenchmark.registerApp(cluster, "bench", tls) : null;
      io.streamkit.shuffle.common.WorkerInfo worker = cluster.workerInfos().get(0);
      double[] millis = new double[200];
      for (int i = 0; i < millis.length; i++) {
        long started = System.nanoTime();
        RemoteShuffleBenchmark.connect(worker, tls, credentials).close();
        millis[i] = (System.nanoTime() - started) / 1e6;
      }
      double median = Rounds.median(millis);
      System.out.printf(
          "%-14s %5s connect%s %6.2f ms (median of 200)%n",
          name,
          round == 0 ? "warm" : String.valueOf(round),
          authenticate ? " + authenticate" : "",
          median);
      return median;
    } finally {
      FileUtils.deleteDirectory(dir.toFile());
    }
  }

  private static Map<String, String> authentication() {
    return Map.of(
        "streamkit.shuffle.authentication.enabled", "true",
        "streamkit.shuffle.authentication.secret", "benchmark-cluster-secret-0123456789");
  }
}
