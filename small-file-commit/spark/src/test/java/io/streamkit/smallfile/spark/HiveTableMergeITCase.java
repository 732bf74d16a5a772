package io.streamkit.smallfile.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Hive table written by Spark with Hive support, through Hive's own SerDe and output format
 * ({@code InsertIntoHiveTable}, not converted to a data-source write), with an embedded Derby
 * metastore.
 */
class HiveTableMergeITCase {
  @TempDir static Path tmp;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark =
        SparkWrites.session("local[2]")
            .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toString())
            .config(
                "spark.hadoop.javax.jdo.option.ConnectionURL",
                "jdbc:derby:;databaseName=" + tmp.resolve("metastore") + ";create=true")
            .config("spark.sql.hive.convertMetastoreParquet", "false")
            .config("spark.sql.hive.convertInsertingPartitionedTable", "false")
            .config("hive.exec.dynamic.partition.mode", "nonstrict")
            .enableHiveSupport()
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void hiveSerdeInsertIsMergedAndReadsBack() {
    spark.sql(
        "CREATE TABLE hive_events (id BIGINT, s STRING) PARTITIONED BY (p INT) STORED AS PARQUET");
    spark.sql(
        "INSERT INTO hive_events PARTITION (p = 1)"
            + " SELECT /*+ REPARTITION(20) */ id, concat('x', id) FROM range(0, 3000)");
    spark.sql(
        "INSERT INTO hive_events PARTITION (p)"
            + " SELECT /*+ REPARTITION(20) */ id, concat('y', id), cast(id % 2 + 2 as int)"
            + " FROM range(0, 4000)");

    Path table = tmp.resolve("warehouse").resolve("hive_events");
    assertThat(SparkWrites.dataFiles(table.resolve("p=1"))).isEqualTo(1);
    assertThat(SparkWrites.dataFiles(table.resolve("p=2"))).isEqualTo(1);
    assertThat(SparkWrites.dataFiles(table.resolve("p=3"))).isEqualTo(1);
    assertThat(spark.sql("SELECT count(*), count(DISTINCT s) FROM hive_events").first().toString())
        .isEqualTo("[7000,7000]");
    assertThat(spark.sql("SELECT count(*) FROM hive_events WHERE p = 3").first().getLong(0))
        .isEqualTo(2000);
  }
}
