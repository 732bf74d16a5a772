package io.streamkit.smallfile.spark;

import static io.streamkit.smallfile.spark.SparkWrites.checksum;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.Hdfs;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same merge on a real HDFS (MiniDFSCluster), Parquet and ORC, partitioned. */
class HdfsMergeITCase {
  @RegisterExtension static final Hdfs HDFS = new Hdfs();
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark =
        SparkWrites.session("local[2]")
            .config("spark.hadoop.fs.defaultFS", HDFS.uri())
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void mergesOnHdfs() throws Exception {
    FileSystem fs = HDFS.fileSystem();
    Dataset<Row> data = SparkWrites.rows(spark, 8);
    for (String format : new String[] {"parquet", "orc"}) {
      String dir = HDFS.uri() + "/warehouse/" + format;
      data.write().format(format).partitionBy("p").save(dir);
      assertThat(SparkWrites.dataFiles(fs, new Path(dir))).isEqualTo(5); // 40 files without merging
      assertThat(fs.exists(new Path(dir, "_temporary"))).isFalse();
      Dataset<Row> back = spark.read().format(format).load(dir).selectExpr(data.columns());
      assertThat(checksum(back)).isEqualTo(checksum(data));
    }
  }
}
