package io.streamkit.benchmarks.spark;

import io.streamkit.smallfile.MergeOptions;
import io.streamkit.smallfile.MergeStats;
import io.streamkit.smallfile.SmallFileMerger;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * write+commit time, and the time of a full read afterwards (the median of 3), which also checks
 * that the files hold every row (count and sum). Then the merge's row-group copy throughput
 * against a plain copy of the same bytes.
 *
 * <p>Each comparison warms up (round 0: a tenth of the rows over a tenth of the partitions, or the
 * whole copy once), then runs interleaved (A B C A B C ...) for {@code rounds} rounds; min /
 * median / max and the ratio of medians are printed. The session's start-up is reported apart.
 *
 * <p>Run: {@code benchmarks/run-spark SmallFileBenchmark [partitions] [tasks] [rows] [rounds]}
 */
public final class SmallFileBenchmark {
  private static final String DEFAULT_PROTOCOL =
      "org.apache.spark.sql.execution.datasources.SQLHadoopMapReduceCommitProtocol";
  private static final String OURS = "io.streamkit.smallfile.spark.MergingCommitProtocol";
  private static final String PLAIN = "plain Spark";
  private static final String REBALANCE = "REBALANCE hint";
  private static final String MERGE = "streamkit merge";

  public static void main(String[] args) throws Exception {
    int partitions = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    long rows = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000L;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    Path work = Files.createTempDirectory("small-file-bench");

    long sessionStart = System.nanoTime();
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("small-file-benchmark")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    spark.range(0, 2, 1, 2).count();
    System.out.printf(
        "%,d rows, %d partitions x %d tasks, Parquet on the local file system, local[2];"
            + " session started in %.1f s%n%n",
        rows, partitions, tasks, (System.nanoTime() - sessionStart) / 1e9);

    Map<String, Rounds.Trial<Result>> writes = new LinkedHashMap<>();
    Size size = new Size(rows, partitions, tasks);
    writes.put(PLAIN, round -> measure(spark, work, PLAIN, DEFAULT_PROTOCOL, false, round, size));
    writes.put(
        REBALANCE, round -> measure(spark, work, REBALANCE, DEFAULT_PROTOCOL, true, round, size));
    writes.put(MERGE, round -> measure(spark, work, MERGE, OURS, false, round, size));
    Map<String, List<Result>> results = Rounds.interleaved(rounds, writes);

    System.out.printf(
        "%n%d rounds, interleaved, after a warm-up round; min / median / max%n", rounds);
    System.out.printf("%-18s %8s %-30s %s%n", "write", "files", "write+commit s", "full read s");
    results.forEach(
        (name, rs) ->
            System.out.printf(
                "%-18s %,8.0f %s   %s%n",
                name,
                Rounds.median(rs, r -> r.files),
                Rounds.spread(rs, Result::writeSeconds, "%6.1f"),
                Rounds.spread(rs, Result::readSeconds, "%6.2f")));
    List<Result> plain = results.get(PLAIN);
    List<Result> rebalance = results.get(REBALANCE);
    List<Result> ours = results.get(MERGE);
    System.out.printf(
        "%nours vs plain: %.0fx fewer files; write+commit ours / plain = %s;"
            + " read plain / ours = %s%n",
        Rounds.median(plain, r -> r.files) / Rounds.median(ours, r -> r.files),
        Rounds.ratio(ours, plain, Result::writeSeconds),
        Rounds.ratio(plain, ours, Result::readSeconds));
    System.out.printf(
        "ours vs REBALANCE: files %.0f vs %.0f; write+commit ours / REBALANCE = %s;"
            + " read REBALANCE / ours = %s%n",
        Rounds.median(ours, r -> r.files),
        Rounds.median(rebalance, r -> r.files),
        Rounds.ratio(ours, rebalance, Result::writeSeconds),
        Rounds.ratio(rebalance, ours, Result::readSeconds));

    rowGroupCopyThroughput(spark, work, rounds);
    spark.stop();
  }

  private static Dataset<Row> data(SparkSession spark, long rows, int partitions, int tasks) {
    return spark
        .range(0, rows, 1, tasks)
        .selectExpr(
            "id",
            "cast(id % " + partitions + " as int) as p",
            "concat('user-', cast(id as string)) as s",
            "id * 1.5 as d",
            "timestamp_seconds(1700000000 + id) as ts");
  }

  private static Result measure(
      SparkSession spark,
      Path work,
      String name,
      String protocol,
      boolean rebalance,
      int round,
      Size size)
      throws IOException {
    long n = round == 0 ? size.rows() / 10 : size.rows();
    int partitions = round == 0 ? Math.max(1, size.partitions() / 10) : size.partitions();
    Dataset<Row> data = data(spark, n, partitions, size.tasks());
    Path dir = work.resolve(name.replace(' ', '-') + "-" + round);
    long start = System.nanoTime();
    write(spark, data, dir, protocol, rebalance);
    double writeSeconds = (System.nanoTime() - start) / 1e9;
    long files = dataFiles(dir);
    double[] reads = new double[3];
    for (int i = 0; i < reads.length; i++) {
      long readStart = System.nanoTime();
      Row r =
          spark
              .read()
              .parquet(dir.toString())
              .agg(functions.count("*"), functions.sum("d"), functions.max("s"))
              .collectAsList()
              .get(0);
      reads[i] = (System.nanoTime() - readStart) / 1e9;
      // d = id * 1.5 is a decimal in Spark: sum over 0..n-1 = 1.5 n (n - 1) / 2, exactly
      java.math.BigDecimal expectedSum =
          java.math.BigDecimal.valueOf(n)
              .multiply(java.math.BigDecimal.valueOf(n - 1))
              .multiply(new java.math.BigDecimal("0.75"));
      if (r.getLong(0) != n || r.getDecimal(1).compareTo(expectedSum) != 0) {
        throw new IllegalStateException(
            name + " read " + r + ", expected " + n + " rows summing to " + expectedSum);
      }
    }
    double read = Rounds.median(reads);
    System.out.printf(
        "  %5s %-18s %,7d files, write+commit %6.1f s, read %5.2f s (%,d rows checked)%n",
        round == 0 ? "warm" : String.valueOf(round), name, files, writeSeconds, read, n);
    deleteRecursively(dir);
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
  private static void rowGroupCopyThroughput(SparkSession spark, Path work, int rounds)
      throws Exception {
    Path source = work.resolve("big-row-groups");
    spark.conf().set("spark.sql.sources.commitProtocolClass", DEFAULT_PROTOCOL);
    spark
        .range(0, 12_000_000L, 1, 8)
        .selectExpr("id", "id * 1.5 as d", "concat('user-', cast(id % 100000 as string)) as s")
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(source.toString());
    List<Path> inputs;
    try (Stream<Path> files = Files.list(source)) {
      inputs = files.filter(f -> f.toString().endsWith(".parquet")).sorted().toList();
    }
    long bytes = 0;
    for (Path input : inputs) {
      bytes += Files.size(input);
    }
    double mb = bytes / 1e6;
    Map<String, Rounds.Trial<Double>> trials = new LinkedHashMap<>();
    trials.put(
        "row-group merge",
        round -> copyRate("row-group merge", round, mb, merge(work, inputs, round)));
    trials.put("plain copy", round -> copyRate("plain copy", round, mb, plainCopy(work, inputs)));
    System.out.printf("%nrow-group copy: %d files, %.0f MB -> 1 file%n", inputs.size(), mb);
    Map<String, List<Double>> rates = Rounds.interleaved(rounds, trials);
    rates.forEach(
        (name, rs) ->
            System.out.printf(
                "  %-16s MB/s %s (min / median / max)%n",
                name,
                Rounds.spread(rs, v -> v, "%,5.0f")));
    System.out.printf(
        "row-group merge / plain copy, MB/s, ratio of medians = %s%n",
        Rounds.ratio(rates.get("row-group merge"), rates.get("plain copy"), v -> v));
  }

  private static double copyRate(String name, int round, double mb, double seconds) {
    System.out.printf(
        "  %5s %-16s %.2f s (%,.0f MB/s)%n",
        round == 0 ? "warm" : String.valueOf(round), name, seconds, mb / seconds);
    return mb / seconds;
  }

  /** Plain copy of the same bytes into one file: the floor for any merge. */
  private static double plainCopy(Path work, List<Path> inputs) throws IOException {
    Path target = work.resolve("concatenated.bin");
    long start = System.nanoTime();
    try (OutputStream out = Files.newOutputStream(target)) {
      for (Path input : inputs) {
        Files.copy(input, out);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Files.delete(target);
    return seconds;
  }

  /** The inputs copied into a fresh job attempt (not timed), then merged into one file (timed). */
  private static double merge(Path work, List<Path> inputs, int round) throws IOException {
    Path attempt = work.resolve("attempt-" + round + "/_temporary/0");
    Path task = attempt.resolve("task_0");
    Files.createDirectories(task);
    for (Path input : inputs) {
      Files.copy(input, task.resolve(input.getFileName()));
    }
    Configuration conf = new Configuration();
    conf.set(MergeOptions.SMALL_FILE_SIZE, "1g");
    conf.set(MergeOptions.TARGET_SIZE, "1g");
    conf.set(MergeOptions.PARQUET_MIN_ROW_GROUP, "1m");
    SmallFileMerger merger =
        new SmallFileMerger(FileSystem.getLocal(conf), conf, MergeOptions.from(conf));
    long start = System.nanoTime();
    MergeStats stats =
        merger.merge(new org.apache.hadoop.fs.Path(attempt.toUri().toString()), "bench");
    double seconds = (System.nanoTime() - start) / 1e9;
    if (stats.filesAfter() != 1) {
      throw new IllegalStateException("merge left " + stats.filesAfter() + " files, expected 1");
    }
    deleteRecursively(work.resolve("attempt-" + round));
    return seconds;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
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

  private record Size(long rows, int partitions, int tasks) {}

  private record Result(String name, long files, double writeSeconds, double readSeconds) {}
}
