package io.streamkit.smallfile.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Helpers for the write tests: a local session with our protocol, data, and what to compare. */
final class SparkWrites {
  private SparkWrites() {}

  static SparkSession.Builder session(String master) {
    Path warehouse;
    try {
      // Under the build's tmpdir (target/tmp), not a spark-warehouse/ in the module directory.
      warehouse = Files.createTempDirectory("spark-warehouse");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return SparkSession.builder()
        .master(master)
        .appName("small-file-commit-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.warehouse.dir", warehouse.toString())
        .config(
            "spark.sql.sources.commitProtocolClass",
            "io.streamkit.smallfile.spark.MergingCommitProtocol");
  }

  /** 20,000 rows over 5 values of {@code p}, written by 40 tasks. */
  static Dataset<Row> rows(SparkSession spark) {
    return rows(spark, 40);
  }

  /** 20,000 rows over 5 values of {@code p}, written by {@code tasks} tasks. */
  static Dataset<Row> rows(SparkSession spark, int tasks) {
    return spark
        .range(0, 20_000, 1, tasks)
        .selectExpr(
            "id",
            "cast(id % 5 as int) as p",
            "concat('name-', cast(id as string)) as s",
            "id * 1.5 as d",
            "timestamp_seconds(1700000000 + id) as ts");
  }

  /** Order-independent content checksum and row count of a dataset. */
  static String checksum(Dataset<Row> data) {
    Row row =
        data.selectExpr("count(*) as n", "sum(cast(xxhash64(*) as decimal(38, 0))) as h")
            .collectAsList()
            .get(0);
    return row.get(0) + "/" + row.get(1);
  }

  /** Data files (not _SUCCESS, not checksums) under a local directory. */
  static long dataFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> f.getFileName().toString())
          .filter(n -> !n.startsWith("_") && !n.startsWith("."))
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long dataFiles(FileSystem fs, org.apache.hadoop.fs.Path dir) throws IOException {
    long count = 0;
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
    while (files.hasNext()) {
      String name = files.next().getPath().getName();
      if (!name.startsWith("_") && !name.startsWith(".")) {
        count++;
      }
    }
    return count;
  }
}
