package io.streamkit.benchmarks.spark;

import io.streamkit.smallfile.MergeOptions;
import io.streamkit.smallfile.MergeStats;
import io.streamkit.smallfile.SmallFileMerger;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Issue 5's benchmark. One Spark session, three ways to write the same partitioned Parquet data
 * that Spark would write as {@code partitions x tasks} small files: plain Spark, Spark with the
 * {@code REBALANCE} hint, and plain Spark with {@code MergingCommitProtocol}. For each: file count,
 * write+commit time, and the time of a full read afterwards. Then the merge's row-group copy
 * throughput against a plain copy of the same bytes.
 *
 * <p>Run: {@code benchmarks/run-spark SmallFileBenchmark [partitions] [tasks] [rows]}
 */
public final class SmallFileBenchmark {
  private static final String DEFAULT_PROTOCOL =
      "org.apache.spark.sql.execution.datasources.SQLHadoopMapReduceCommitProtocol";
  private static final String OURS = "io.streamkit.smallfile.spark.MergingCommitProtocol";

  public static void main(String[] args) throws Exception {
    int partitions = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    long rows = args.length > 2 ? Long.parseLong(args[2]) : 2_000_000L;
    Path work = Files.createTempDirectory("small-file-bench");

    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("small-file-benchmark")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    Dataset<Row> data =
        spark
            .range(0, rows, 1, tasks)
            .selectExpr(
                "id",
                "cast(id % " + partitions + " as int) as p",
                "concat('user-', cast(id as string)) as s",
                "id * 1.5 as d",
                "timestamp_seconds(1700000000 + id) as ts");

    System.out.printf(
        "%,d rows, %d partitions x %d tasks, Parquet on the local file system, local[2]%n%n",
        rows, partitions, tasks);
    // A first write to warm up the JVM and Spark; not measured.
    write(spark, data.limit(100_000), work.resolve("warm-up"), DEFAULT_PROTOCOL, false);

    // One round: each write takes minutes, so JIT warm-up is noise next to it.
    List<Result> last = new ArrayList<>();
    last.add(measure(spark, data, work, "plain Spark", DEFAULT_PROTOCOL, false, 0));
    last.add(measure(spark, data, work, "REBALANCE hint", DEFAULT_PROTOCOL, true, 0));
    last.add(measure(spark, data, work, "streamkit merge", OURS, false, 0));
    System.out.printf("%-18s %8s %12s %10s%n", "write", "files", "write+commit", "full read");
    for (Result r : last) {
      System.out.printf(
          "%-18s %,8d %10.1f s %8.2f s%n", r.name, r.files, r.writeSeconds, r.readSeconds);
    }
    Result plain = last.get(0);
    Result rebalance = last.get(1);
    Result ours = last.get(2);
    System.out.printf(
        "%nours vs plain: %.0fx fewer files, write+commit %.2fx, read %.1fx faster%n",
        (double) plain.files / ours.files,
        ours.writeSeconds / plain.writeSeconds,
        plain.readSeconds / ours.readSeconds);
    System.out.printf(
        "ours vs REBALANCE: files %d vs %d, write+commit %.2fx, read %.2fx%n",
        ours.files,
        rebalance.files,
        ours.writeSeconds / rebalance.writeSeconds,
        rebalance.readSeconds / ours.readSeconds);

    rowGroupCopyThroughput(spark, work);
    spark.stop();
  }

  private static Result measure(
      SparkSession spark,
      Dataset<Row> data,
      Path work,
      String name,
      String protocol,
      boolean rebalance,
      int round)
      throws IOException {
    Path dir = work.resolve(name.replace(' ', '-') + "-" + round);
    long start = System.nanoTime();
    write(spark, data, dir, protocol, rebalance);
    double writeSeconds = (System.nanoTime() - start) / 1e9;
    long files = dataFiles(dir);
    double read = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long readStart = System.nanoTime();
      spark.read().parquet(dir.toString()).agg(functions.sum("d"), functions.max("s")).collect();
      read = Math.min(read, (System.nanoTime() - readStart) / 1e9);
    }
    System.out.printf(
        "  round %d %-18s %,7d files, write+commit %.1f s, read %.2f s%n",
        round, name, files, writeSeconds, read);
    return new Result(name, files, writeSeconds, read);
  }

  private static void write(
      SparkSession spark, Dataset<Row> data, Path dir, String protocol, boolean rebalance) {
    spark.conf().set("spark.sql.sources.commitProtocolClass", protocol);
    Dataset<Row> input = rebalance ? data.hint("rebalance", functions.col("p")) : data;
    input.write().mode(SaveMode.Overwrite).partitionBy("p").parquet(dir.toString());
  }

  /**
   * Merges files made of big row groups (the copy path) with {@link SmallFileMerger} in a job
   * attempt laid out like a committer's, against concatenating the same files with a plain copy.
   */
  private static void rowGroupCopyThroughput(SparkSession spark, Path work) throws IOException {
    Path source = work.resolve("big-row-groups");
    spark.conf().set("spark.sql.sources.commitProtocolClass", DEFAULT_PROTOCOL);
    spark
        .range(0, 12_000_000L, 1, 8)
        .selectExpr("id", "id * 1.5 as d", "concat('user-', cast(id % 100000 as string)) as s")
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(source.toString());
    Path attempt = work.resolve("attempt/_temporary/0");
    Path task = attempt.resolve("task_0");
    Files.createDirectories(task);
    long bytes = 0;
    List<Path> inputs = new ArrayList<>();
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
        Path copy = task.resolve(file.getFileName());
        Files.copy(file, copy);
        inputs.add(copy);
        bytes += Files.size(copy);
      }
    }
    // Plain copy of the same bytes into one file: the floor for any merge.
    long copyStart = System.nanoTime();
    try (OutputStream out = Files.newOutputStream(work.resolve("concatenated.bin"))) {
      for (Path input : inputs) {
        Files.copy(input, out);
      }
    }
    double copySeconds = (System.nanoTime() - copyStart) / 1e9;

    Configuration conf = new Configuration();
    conf.set(MergeOptions.SMALL_FILE_SIZE, "1g");
    conf.set(MergeOptions.TARGET_SIZE, "1g");
    conf.set(MergeOptions.PARQUET_MIN_ROW_GROUP, "1m");
    SmallFileMerger merger =
        new SmallFileMerger(FileSystem.getLocal(conf), conf, MergeOptions.from(conf));
    long mergeStart = System.nanoTime();
    MergeStats stats =
        merger.merge(new org.apache.hadoop.fs.Path(attempt.toUri().toString()), "bench");
    double mergeSeconds = (System.nanoTime() - mergeStart) / 1e9;
    double mb = bytes / 1e6;
    System.out.printf(
        "%nrow-group copy: %d files, %.0f MB -> %d file in %.2f s (%.0f MB/s);"
            + " plain copy of the same bytes %.2f s (%.0f MB/s); ratio %.2f%n",
        inputs.size(),
        mb,
        stats.filesAfter(),
        mergeSeconds,
        mb / mergeSeconds,
        copySeconds,
        mb / copySeconds,
        (mb / mergeSeconds) / (mb / copySeconds));
  }

  private static long dataFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> f.getFileName().toString())
          .filter(n -> !n.startsWith("_") && !n.startsWith("."))
          .count();
    }
  }

  private record Result(String name, long files, double writeSeconds, double readSeconds) {}
}
