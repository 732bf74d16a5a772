package io.streamkit.benchmarks.spark;

import io.streamkit.shuffle.common.BlockHeader;
import io.streamkit.shuffle.common.MessageType;
import io.streamkit.shuffle.common.RpcClient;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.io.FileUtils;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
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
 * <p>Shuffle compression is off for both managers so that the bytes reported are the bytes written.
 * Usage: {@code benchmarks/run-spark RemoteShuffleBenchmark [shuffleGB] [ingestGB]}.
 */
public final class RemoteShuffleBenchmark {
  private static final int BLOCK = 1 << 20;
  private static final int PARTS = 16;

  public static void main(String[] args) throws Exception {
    double shuffleGb = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    double ingestGb = args.length > 1 ? Double.parseDouble(args[1]) : 2;
    Path work = Path.of("target", "remote-shuffle-bench").toAbsolutePath();
    FileUtils.deleteDirectory(work.toFile());
    Files.createDirectories(work);

    long ingestBytes = (long) (ingestGb * (1L << 30));
    double disk = diskWrite(work.resolve("disk-test.bin"), ingestBytes);
    double ingest = workerIngest(work.resolve("ingest"), ingestBytes);
    System.out.printf(
        "disk sequential write: %.0f MB/s; worker ingest: %.0f MB/s; ingest / disk = %.2f%n",
        disk, ingest, ingest / disk);

    // ~128 bytes per shuffled row (key, count, a 90-byte string) in Spark's row format
    long rows = (long) (shuffleGb * 1e9 / 128);
    System.out.printf("Spark jobs on %,d rows (about %.1f GB shuffled each)%n", rows, shuffleGb);
    long[] sort = sparkJobs(work, rows, null);
    long[] ours;
    try (EmbeddedShuffleCluster cluster =
        EmbeddedShuffleCluster.start(
            work.resolve("cluster"), work.resolve("shuffle").toUri().toString(), 2, Map.of())) {
      ours = sparkJobs(work, rows, cluster);
    }
    System.out.printf(
        "groupBy: sort shuffle %.1f s (%.2f GB written), streamkit %.1f s (%.2f GB);"
            + " wall time streamkit / sort = %.2f%n",
        sort[0] / 1e3, sort[2] / 1e9, ours[0] / 1e3, ours[2] / 1e9, (double) ours[0] / sort[0]);
    System.out.printf(
        "sort:    sort shuffle %.1f s (%.2f GB written), streamkit %.1f s (%.2f GB);"
            + " wall time streamkit / sort = %.2f%n",
        sort[1] / 1e3, sort[3] / 1e9, ours[1] / 1e3, ours[3] / 1e9, (double) ours[1] / sort[1]);
    FileUtils.deleteDirectory(work.toFile());
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

  private static double workerIngest(Path dir, long bytes) throws Exception {
    try (EmbeddedShuffleCluster cluster =
        EmbeddedShuffleCluster.start(
            dir.resolve("master"),
            dir.resolve("data").toUri().toString(),
            1,
            Map.of("streamkit.shuffle.worker.writer-threads", "4"))) {
      WorkerInfo worker = cluster.workerInfos().get(0);
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
                  try (RpcClient client =
                      RpcClient.connect(worker.host(), worker.port(), Duration.ofSeconds(10))) {
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
      try (RpcClient client =
          RpcClient.connect(worker.host(), worker.port(), Duration.ofSeconds(10))) {
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

  /** Wall millis of groupBy and sort, and shuffle bytes written by each. */
  private static long[] sparkJobs(Path work, long rows, EmbeddedShuffleCluster cluster) {
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
      spark
          .range(0, rows, 1, maps)
          .selectExpr(
              "id % " + (rows / 8) + " AS k", "concat(cast(id AS string), repeat('x', 80)) AS v")
          .createOrReplaceTempView("rows");
      long started = System.currentTimeMillis();
      spark
          .sql("SELECT k, count(*) AS n, max(v) AS m FROM rows GROUP BY k")
          .write()
          .format("noop")
          .mode("overwrite")
          .save();
      long groupBy = System.currentTimeMillis() - started;
      long groupByBytes = shuffled.getAndSet(0);
      started = System.currentTimeMillis();
      spark.sql("SELECT k, v FROM rows ORDER BY v").write().format("noop").mode("overwrite").save();
      long sort = System.currentTimeMillis() - started;
      return new long[] {groupBy, sort, groupByBytes, shuffled.get()};
    } finally {
      spark.stop();
    }
  }
}
