package io.streamkit.smallfile.spark;

import static io.streamkit.smallfile.spark.SparkWrites.checksum;
import static io.streamkit.smallfile.spark.SparkWrites.dataFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamkit.smallfile.FaultyFileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.spark.internal.io.FileNameSpec;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import scala.Option;

/** Spark writes on the local file system, with and without merging, give the same rows. */
class MergingCommitProtocolITCase {
  private static SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkWrites.session("local[2]").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private DataFrameWriter<Row> writer(Dataset<Row> data, String format, boolean merge) {
    DataFrameWriter<Row> writer =
        data.write()
            .format(format)
            .mode(SaveMode.Overwrite)
            .option("spark.streamkit.merge.enabled", Boolean.toString(merge));
    return switch (format) {
      case "csv" -> writer.option("header", "true");
      case "json" -> writer.option("compression", "gzip");
      default -> writer;
    };
  }

  private Dataset<Row> read(String format, Path dir, StructType schema) {
    return switch (format) {
      case "csv" -> spark.read().schema(schema).option("header", "true").csv(dir.toString());
      case "json" -> spark.read().schema(schema).json(dir.toString());
      default -> spark.read().format(format).load(dir.toString());
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"parquet", "orc", "csv", "json"})
  void mergesEveryFormatWithIdenticalRows(String format) {
    Dataset<Row> data = SparkWrites.rows(spark, 20);
    Dataset<Row> flat = format.equals("csv") || format.equals("json") ? data.drop("ts") : data;
    StructType schema = flat.schema();

    Path plain = tmp.resolve("plain");
    Path merged = tmp.resolve("merged");
    writer(flat, format, false).save(plain.toString());
    writer(flat, format, true).save(merged.toString());
    assertThat(dataFiles(plain)).isEqualTo(20);
    assertThat(dataFiles(merged)).isEqualTo(1);
    assertThat(checksum(read(format, merged, schema))).isEqualTo(checksum(flat));

    Path partitioned = tmp.resolve("partitioned");
    writer(flat, format, true).partitionBy("p").save(partitioned.toString());
    assertThat(dataFiles(partitioned)).isEqualTo(5); // one per partition instead of 100
    String[] columns = flat.columns();
    assertThat(checksum(read(format, partitioned, schema).selectExpr(columns)))
        .isEqualTo(checksum(flat));
  }

  @Test
  void mergesAreCountedInSparksMetricsSystem() {
    SparkWrites.rows(spark, 10).write().parquet(tmp.resolve("metered").toString());
    MergeMetrics metrics = MergeMetrics.current();
    assertThat(metrics).isNotNull();
    assertThat(metrics.writes.getCount()).isPositive();
    assertThat(metrics.filesBefore.getCount()).isGreaterThan(metrics.filesAfter.getCount());
    assertThat(metrics.bytesBefore.getCount()).isPositive();
    assertThat(metrics.mergeMillis.getCount()).isEqualTo(metrics.writes.getCount());
    assertThat(
            spark.sparkContext().env().metricsSystem().getSourcesByName("streamkit.merge").size())
        .isEqualTo(1);
  }

  @Test
  void textWithGzipConcatenates() {
    Dataset<Row> lines = SparkWrites.rows(spark, 10).selectExpr("s");
    Path out = tmp.resolve("text");
    lines.write().option("compression", "gzip").text(out.toString());
    assertThat(dataFiles(out)).isEqualTo(1);
    assertThat(checksum(spark.read().text(out.toString()).toDF("s"))).isEqualTo(checksum(lines));
  }

  @Test
  void dynamicPartitionOverwriteReplacesOnlyTheWrittenPartitions() {
    Path table = tmp.resolve("dynamic");
    Dataset<Row> data = SparkWrites.rows(spark, 10);
    data.write().partitionBy("p").parquet(table.toString());
    long before = dataFiles(table);
    assertThat(before).isEqualTo(5);

    Dataset<Row> update = data.where("p = 2").selectExpr("id + 1000000 as id", "p", "s", "d", "ts");
    update
        .repartition(20)
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy("p")
        .parquet(table.toString());

    Dataset<Row> after = spark.read().parquet(table.toString());
    assertThat(checksum(after.where("p <> 2").select("id", "s", "d", "ts", "p")))
        .isEqualTo(checksum(data.where("p <> 2").select("id", "s", "d", "ts", "p")));
    assertThat(checksum(after.where("p = 2").select("id", "s", "d", "ts", "p")))
        .isEqualTo(checksum(update.select("id", "s", "d", "ts", "p")));
    assertThat(dataFiles(table.resolve("p=2"))).isEqualTo(1);
    assertThat(dataFiles(table)).isEqualTo(5);
  }

  @Test
  void staticPartitionInsertIntoATable() {
    Path location = tmp.resolve("events");
    spark.sql(
        "CREATE TABLE events (id BIGINT, s STRING, p INT) USING parquet PARTITIONED BY (p)"
            + " LOCATION '"
            + location
            + "'");
    try {
      spark.sql(
          "INSERT INTO events PARTITION (p = 7)"
              + " SELECT /*+ REPARTITION(30) */ id, concat('x', id) FROM range(0, 3000)");
      assertThat(dataFiles(location.resolve("p=7"))).isEqualTo(1);
      assertThat(spark.sql("SELECT count(*) FROM events WHERE p = 7").first().getLong(0))
          .isEqualTo(3000);
    } finally {
      spark.sql("DROP TABLE events");
    }
  }

  @Test
  void bucketedWritesAreLeftAlone() {
    try {
      SparkWrites.rows(spark, 10)
          .write()
          .bucketBy(4, "id")
          .sortBy("id")
          .option("path", tmp.resolve("bucketed").toString())
          .saveAsTable("bucketed");
      // 10 tasks x 4 buckets: each task writes one file per bucket, none merged.
      assertThat(dataFiles(tmp.resolve("bucketed"))).isEqualTo(40);
    } finally {
      spark.sql("DROP TABLE IF EXISTS bucketed");
    }
  }

  @Test
  void commitAlgorithmV2IsLeftAlone() {
    Path out = tmp.resolve("v2");
    SparkWrites.rows(spark, 10)
        .write()
        .option("mapreduce.fileoutputcommitter.algorithm.version", "2")
        .parquet(out.toString());
    assertThat(dataFiles(out)).isEqualTo(10);
  }

  @Test
  void fileNamesWithAnUnderscoreNumberThatIsNoBucketIdAreMerged() {
    String protocol = "spark.sql.sources.commitProtocolClass";
    String before = spark.conf().get(protocol);
    spark.conf().set(protocol, PrefixingProtocol.class.getName());
    Path out = tmp.resolve("prefixed");
    try {
      SparkWrites.rows(spark, 20).write().parquet(out.toString());
    } finally {
      spark.conf().set(protocol, before);
    }
    assertThat(dataFiles(out)).isEqualTo(1);
    assertThat(checksum(spark.read().parquet(out.toString())))
        .isEqualTo(checksum(SparkWrites.rows(spark, 20)));
  }

  /**
   * Names files {@code batch_123.part-...}, as a data source may through the prefix of Spark's
   * {@link FileNameSpec}: "_123." is no bucket id.
   */
  public static final class PrefixingProtocol extends MergingCommitProtocol {
    private static final long serialVersionUID = 1L;

    public PrefixingProtocol(String jobId, String path, boolean dynamicPartitionOverwrite) {
      super(jobId, path, dynamicPartitionOverwrite);
    }

    @Override
    public String newTaskTempFile(
        TaskAttemptContext context, Option<String> dir, FileNameSpec spec) {
      return super.newTaskTempFile(
          context, dir, new FileNameSpec("batch_123." + spec.prefix(), spec.suffix()));
    }
  }

  /**
   * Stops the swap at each of its points through {@link FaultyFileSystem}; "silent" makes the
   * inputs' delete return false without deleting, which must fail the commit as loudly.
   */
  @ParameterizedTest
  @CsvSource({
    "before-rename, false",
    "after-rename, false",
    "after-delete, false",
    "after-rename, true"
  })
  void aFailureInTheMiddleOfMergingLeavesNoOutput(String point, boolean silent) throws Exception {
    Path out = tmp.resolve("failing");
    DataFrameWriter<Row> faulty = SparkWrites.rows(spark, 10).write();
    FaultyFileSystem.stopAt(point, silent).forEach(faulty::option);
    assertThatThrownBy(() -> faulty.parquet(FaultyFileSystem.path(out).toString()))
        .hasStackTraceContaining(silent ? "Could not delete" : "injected failure");
    assertThat(Files.exists(out) ? dataFiles(out) : 0).isZero();
    try (Stream<Path> left = Files.exists(out) ? Files.list(out) : Stream.empty()) {
      assertThat(left.map(p -> p.getFileName().toString())).doesNotContain("_temporary");
    }

    SparkWrites.rows(spark, 10).write().mode(SaveMode.Overwrite).parquet(out.toString());
    assertThat(checksum(spark.read().parquet(out.toString())))
        .isEqualTo(checksum(SparkWrites.rows(spark, 10)));
  }
}
