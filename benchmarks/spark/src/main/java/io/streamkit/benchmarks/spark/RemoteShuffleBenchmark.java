package io.streamkit.benchmarks.spark;

import io.netty.handler.ssl.SslContext;
import io.streamkit.shuffle.common.BlockHeader;
import io.streamkit.shuffle.common.MessageType;
import io.streamkit.shuffle.common.RpcClient;
import io.streamkit.shuffle.common.ShuffleAuth;
import io.streamkit.shuffle.common.Wire;
import io.streamkit.shuffle.common.WorkerInfo;
import io.streamkit.shuffle.server.EmbeddedShuffleCluster;
import io.streamkit.shuffle.spark.RemoteShuffleManager;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.io.FileUtils;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * remote-shuffle end to end, on this machine's local file system, in one run:
 *
 * <ol>
 *   <li>the disk's sequential write speed (a plain FileOutputStream, synced at the end) against a
 *       worker's ingest speed (4 producer threads pushing 1 MB blocks over loopback, the files
 *       synced and closed at the end), the same number of bytes;
 *   <li>the same Spark jobs (a groupBy whose partial aggregation cannot shrink the data, and a
 *       global sort) with Spark's sort shuffle and with RemoteShuffleManager ({@code local[2]}, two
 *       embedded workers), wall time and shuffle bytes written.
 * </ol>
 *
 * <p>Both parts warm up (a quarter-size ingest, an eighth-size pair of jobs), then run interleaved
 * (A B A B ...) for {@code rounds} rounds; min / median / max and the ratio of medians are printed.
 * A Spark session is started per round and manager; its start-up is reported apart from the jobs'
 * times. Each job's result is checked: the groupBy's group count and row total, and the sort's row
 * count and order within and across partitions.
 *
 * <p>Shuffle compression is off for both managers so that the bytes reported are the bytes written.
 * Usage: {@code benchmarks/run-spark RemoteShuffleBenchmark [shuffleGB] [ingestGB] [rounds]}.
 */
public final class RemoteShuffleBenchmark {
  private static final int BLOCK = 1 << 20;
  private static final int PARTS = 16;
  private static final String SORT = "sort shuffle";
  private static final String OURS = "streamkit";

  /** One round of one manager: session start-up, job wall times and shuffle bytes written. */
  record Jobs(
      double startupSeconds,
      double groupBySeconds,
      double sortSeconds,
      long groupByBytes,
      long sortBytes) {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("security")) {
      ShuffleSecurityRounds.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    double shuffleGb = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    double ingestGb = args.length > 1 ? Double.parseDouble(args[1]) : 2;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path work = Path.of("target", "remote-shuffle-bench").toAbsolutePath();
    FileUtils.deleteDirectory(work.toFile());
    Files.createDirectories(work);

    long ingestBytes = (long) (ingestGb * (1L << 30));
    Map<String, Rounds.Trial<Double>> io = new LinkedHashMap<>();
    io.put(
        "disk",
        round ->
            mbs("disk", round, diskWrite(work.resolve("disk-test.bin"), size(ingestBytes, round))));
    io.put(
        "worker ingest",
        round ->
            mbs(
                "worker ingest",
                round,
                workerIngest(
                    work.resolve("ingest-" + round),
                    size(ingestBytes, round),
                    Map.of(),
                    null,
                    false)));
    Map<String, List<Double>> mbs = Rounds.interleaved(rounds, io);

    // ~128 bytes per shuffled row (key, count, a 90-byte string) in Spark's row format
    long rows = (long) (shuffleGb * 1e9 / 128);
    System.out.printf(
        "%nSpark jobs on %,d rows (about %.1f GB shuffled each), warm-up on %,d rows%n",
        rows, shuffleGb, rows / 8);
    Map<String, List<Jobs>> jobs;
    long clusterStart = System.nanoTime();
    try (EmbeddedShuffleCluster cluster =
        EmbeddedShuffleCluster.start(
            work.resolve("cluster"), work.resolve("shuffle").toUri().toString(), 2, Map.of())) {
      System.out.printf(
          "embedded master and 2 workers started in %.1f s%n",
          (System.nanoTime() - clusterStart) / 1e9);
      Map<String, Rounds.Trial<Jobs>> trials = new LinkedHashMap<>();
      trials.put(
          SORT,
          round -> sparkJobs(SORT, round, work, round == 0 ? rows / 8 : rows, null, Map.of()));
      trials.put(
          OURS,
          round -> sparkJobs(OURS, round, work, round == 0 ? rows / 8 : rows, cluster, Map.of()));
      jobs = Rounds.interleaved(rounds, trials);
    }

    System.out.printf(
        "%n%d rounds, interleaved, after a warm-up round; min / median / max%n", rounds);
    mbs.forEach(
        (name, rs) ->
            System.out.printf("  %-14s MB/s %s%n", name, Rounds.spread(rs, v -> v, "%,6.0f")));
    System.out.printf(
        "  ingest / disk, ratio of medians = %s%n",
        Rounds.ratio(mbs.get("worker ingest"), mbs.get("disk"), v -> v));
    jobs.forEach(
        (name, rs) ->
            System.out.printf(
                "  %-14s groupBy s %s (%.2f GB)   sort s %s (%.2f GB)   session start-up s %s%n",
                name,
                Rounds.spread(rs, Jobs::groupBySeconds, "%5.1f"),
                Rounds.median(rs, j -> j.groupByBytes()) / 1e9,
                Rounds.spread(rs, Jobs::sortSeconds, "%5.1f"),
                Rounds.median(rs, j -> j.sortBytes()) / 1e9,
                Rounds.spread(rs, Jobs::startupSeconds, "%4.1f")));
    System.out.printf(
        "groupBy: wall time streamkit / sort shuffle, ratio of medians = %s%n",
        Rounds.ratio(jobs.get(OURS), jobs.get(SORT), Jobs::groupBySeconds));
    System.out.printf(
        "sort:    wall time streamkit / sort shuffle, ratio of medians = %s%n",
        Rounds.ratio(jobs.get(OURS), jobs.get(SORT), Jobs::sortSeconds));
    FileUtils.deleteDirectory(work.toFile());
  }

  static long size(long bytes, int round) {
    return round == 0 ? bytes / 4 : bytes;
  }

  static double mbs(String name, int round, double mbs) {
    System.out.printf(
        "%-14s %5s %,6.0f MB/s%n", name, round == 0 ? "warm" : String.valueOf(round), mbs);
    return mbs;
  }

  private static double diskWrite(Path file, long bytes) throws IOException {
    byte[] block = new byte[BLOCK];
    new java.util.Random(1).nextBytes(block);
    long started = System.nanoTime();
    try (FileOutputStream out = new FileOutputStream(file.toFile())) {
      for (long written = 0; written < bytes; written += block.length) {
        out.write(block);
      }
      out.getFD().sync();
    }
    double mbs = bytes / 1e6 / ((System.nanoTime() - started) / 1e9);
    Files.delete(file);
    return mbs;
  }

  /**
   * MB/s of 4 producers pushing to one worker, over TLS when {@code tls} is given, authenticated as
   * an application when {@code authenticate} (the servers then need authentication in {@code
   * serverConf}).
   */
  static double workerIngest(
      Path dir, long bytes, Map<String, String> serverConf, SslContext tls, boolean authenticate)
      throws Exception {
    Map<String, String> conf = new java.util.HashMap<>(serverConf);
    conf.put("streamkit.shuffle.worker.writer-threads", "4");
    try (EmbeddedShuffleCluster cluster =
        EmbeddedShuffleCluster.start(
            dir.resolve("master"), dir.resolve("data").toUri().toString(), 1, conf)) {
      WorkerInfo worker = cluster.workerInfos().get(0);
      ShuffleAuth.Credentials credentials =
          authenticate ? registerApp(cluster, "bench", tls) : null;
      byte[] block = new byte[BLOCK];
      new java.util.Random(2).nextBytes(block);
      int crc = BlockHeader.crc(block, block.length);
      int producers = 4;
      long blocksEach = bytes / BLOCK / producers;
      AtomicLong acked = new AtomicLong();
      long started = System.nanoTime();
      List<CompletableFuture<Void>> done = new ArrayList<>();
      for (int t = 0; t < producers; t++) {
        int producer = t;
        done.add(
            CompletableFuture.runAsync(
                () -> {
                  try (RpcClient client = connect(worker, tls, credentials)) {
                    Semaphore inFlight = new Semaphore(32);
                    for (int seq = 0; seq < blocksEach; seq++) {
                      inFlight.acquire();
                      int s = seq;
                      client
                          .call(
                              MessageType.PUSH,
                              buf -> {
                                Wire.writeString(buf, "bench");
                                buf.writeInt(0)
                                    .writeInt(producer * PARTS + s % PARTS)
                                    .writeInt(producer);
                                buf.writeLong(producer).writeInt(s).writeInt(crc);
                                buf.writeInt(block.length);
                              },
                              block)
                          .whenComplete(
                              (ok, error) -> {
                                if (error == null) {
                                  acked.incrementAndGet();
                                }
                                inFlight.release();
                              });
                    }
                    inFlight.acquire(32);
                  } catch (Exception e) {
                    throw new RuntimeException(e);
                  }
                }));
      }
      CompletableFuture.allOf(done.toArray(new CompletableFuture[0])).get();
      try (RpcClient client = connect(worker, tls, credentials)) {
        client.callAndWait(
            MessageType.CLOSE_SHUFFLE, // hsync and close every file: durable, like the disk test
            Duration.ofMinutes(5),
            buf -> {
              Wire.writeString(buf, "bench");
              buf.writeInt(0);
            });
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long total = acked.get() * (long) BLOCK;
      if (acked.get() != blocksEach * producers) {
        throw new IllegalStateException(acked.get() + " of " + blocksEach * producers + " acked");
      }
      return total / 1e6 / seconds;
    }
  }

  /** Registers an application with the master as its driver would; its credentials. */
  static ShuffleAuth.Credentials registerApp(
      EmbeddedShuffleCluster cluster, String appId, SslContext tls) throws IOException {
    byte[] secret = ShuffleAuth.randomBytes();
    String[] hostPort = cluster.masterAddress().split(":");
    try (RpcClient master =
        RpcClient.connect(
            hostPort[0], Integer.parseInt(hostPort[1]), Duration.ofSeconds(10), tls)) {
      master.callAndWait(
          MessageType.REGISTER_APP,
          Duration.ofSeconds(10),
          buf -> {
            Wire.writeString(buf, appId);
            Wire.writeString(buf, System.getProperty("user.name"));
            buf.writeBytes(secret);
          });
    }
    return new ShuffleAuth.Credentials(ShuffleAuth.app(appId), secret);
  }

  static RpcClient connect(WorkerInfo worker, SslContext tls, ShuffleAuth.Credentials credentials)
      throws IOException {
    RpcClient client = RpcClient.connect(worker.host(), worker.port(), Duration.ofSeconds(10), tls);
    if (credentials != null) {
      client.authenticate(credentials, Duration.ofSeconds(10));
    }
    return client;
  }

  /**
   * Wall times of a checked groupBy and a checked sort in a session of its own; {@code clientConf}
   * adds Spark settings (the shuffle's authentication and TLS).
   */
  static Jobs sparkJobs(
      String name,
      int round,
      Path work,
      long rows,
      EmbeddedShuffleCluster cluster,
      Map<String, String> clientConf) {
    long sessionStart = System.nanoTime();
    SparkSession.Builder builder =
        SparkSession.builder()
            .master("local[2]")
            .appName("remote-shuffle-bench")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.local.dir", work.resolve("spark-local").toString())
            .config("spark.shuffle.compress", "false")
            .config("spark.sql.shuffle.partitions", "200")
            .config("spark.sql.adaptive.enabled", "false");
    if (cluster != null) {
      builder
          .config("spark.shuffle.manager", RemoteShuffleManager.class.getName())
          .config("spark.streamkit.shuffle.master", cluster.masterAddress());
      clientConf.forEach(builder::config);
    }
    SparkSession spark = builder.getOrCreate();
    AtomicLong shuffled = new AtomicLong();
    spark
        .sparkContext()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onStageCompleted(SparkListenerStageCompleted stage) {
                shuffled.addAndGet(
                    stage.stageInfo().taskMetrics().shuffleWriteMetrics().bytesWritten());
              }
            });
    try {
      int maps = (int) Math.max(8, rows / 1_000_000);
      long keys = rows / 8;
      spark
          .range(0, rows, 1, maps)
          .selectExpr("id % " + keys + " AS k", "concat(cast(id AS string), repeat('x', 80)) AS v")
          .createOrReplaceTempView("rows");
      spark.sparkContext().range(0, 2, 1, 2).count(); // executors up: the session is started
      double startup = (System.nanoTime() - sessionStart) / 1e9;

      long started = System.nanoTime();
      // max(v) is summed so that it cannot be pruned: every row's v crosses the shuffle.
      Row g =
          spark
              .sql(
                  "SELECT count(*), sum(n), sum(length(m)) FROM"
                      + " (SELECT k, count(*) AS n, max(v) AS m FROM rows GROUP BY k)")
              .collectAsList()
              .get(0);
      double groupBy = (System.nanoTime() - started) / 1e9;
      long groupByBytes = shuffled.getAndSet(0);
      if (g.getLong(0) != keys || g.getLong(1) != rows) {
        throw new IllegalStateException(
            name + " groupBy: " + g + ", expected " + keys + " groups of " + rows + " rows");
      }

      started = System.nanoTime();
      List<String[]> parts =
          spark
              .sql("SELECT k, v FROM rows ORDER BY v")
              .javaRDD()
              .mapPartitions(RemoteShuffleBenchmark::sortedRun)
              .collect();
      double sort = (System.nanoTime() - started) / 1e9;
      checkSorted(name, parts, rows);
      System.out.printf(
          "%-14s %5s session start-up %4.1f s, groupBy %5.1f s (%.2f GB), sort %5.1f s (%.2f GB);"
              + " results checked%n",
          name,
          round == 0 ? "warm" : String.valueOf(round),
          startup,
          groupBy,
          groupByBytes / 1e9,
          sort,
          shuffled.get() / 1e9);
      return new Jobs(startup, groupBy, sort, groupByBytes, shuffled.get());
    } finally {
      spark.stop();
    }
  }

  /** One partition of the sort: {count, first v, last v, "sorted" or "unsorted"}. */
  private static java.util.Iterator<String[]> sortedRun(java.util.Iterator<Row> rows) {
    long count = 0;
    String first = null;
    String last = null;
    boolean sorted = true;
    while (rows.hasNext()) {
      String v = rows.next().getString(1);
      if (first == null) {
        first = v;
      } else if (v.compareTo(last) < 0) {
        sorted = false;
      }
      last = v;
      count++;
    }
    return List.<String[]>of(
            new String[] {String.valueOf(count), first, last, sorted ? "sorted" : "unsorted"})
        .iterator();
  }

  private static void checkSorted(String name, List<String[]> parts, long rows) {
    long count = 0;
    String previousLast = null;
    for (String[] part : parts) {
      long n = Long.parseLong(part[0]);
      count += n;
      if (!"sorted".equals(part[3])
          || (n > 0 && previousLast != null && part[1].compareTo(previousLast) < 0)) {
        throw new IllegalStateException(name + " sort: rows out of order");
      }
      if (n > 0) {
        previousLast = part[2];
      }
    }
    if (count != rows) {
      throw new IllegalStateException(name + " sort: " + count + " rows, expected " + rows);
    }
  }
}
