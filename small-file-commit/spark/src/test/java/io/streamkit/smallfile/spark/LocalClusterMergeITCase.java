package io.streamkit.smallfile.spark;

import static io.streamkit.smallfile.spark.SparkWrites.checksum;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.SparkHome;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks in two separate executor JVMs ({@code local-cluster}), each committing its own output, and
 * the driver merging all of it: the protocol is serialized to the executors and back.
 */
class LocalClusterMergeITCase {
  @TempDir static Path tmp;
  private static SparkSession spark;

  @BeforeAll
  static void start() throws Exception {
    SparkHome.prepare();
    spark =
        SparkWrites.session("local-cluster[2,1,1024]")
            .config(
                "spark.executor.extraJavaOptions", System.getProperty("spark.executor.opens", ""))
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void mergesWhatTasksInOtherJvmsCommitted() {
    Dataset<Row> data = SparkWrites.rows(spark, 8);
    Path out = tmp.resolve("cluster");
    data.write().partitionBy("p").parquet(out.toString());
    assertThat(SparkWrites.dataFiles(out)).isEqualTo(5); // 40 without merging
    assertThat(checksum(spark.read().parquet(out.toString()).selectExpr(data.columns())))
        .isEqualTo(checksum(data));
  }
}
