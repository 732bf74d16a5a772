package io.streamkit.shuffle.spark;

import static io.streamkit.shuffle.spark.ShuffleSessions.expectedGroups;
import static io.streamkit.shuffle.spark.ShuffleSessions.sorted;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.shuffle.server.EmbeddedShuffleCluster;
import io.streamkit.testkit.Hdfs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workers write partition files to a real HDFS ({@code MiniDFSCluster}); reducers in two
 * executor JVMs read them from HDFS while the files are still open for writing (visible up to each
 * map's hflush).
 */
class RemoteShuffleHdfsITCase {
  @RegisterExtension static final Hdfs HDFS = new Hdfs();
  @TempDir static Path tmp;
  static EmbeddedShuffleCluster cluster;
  static SparkSession spark;

  @BeforeAll
  static void start() throws Exception {
    cluster = EmbeddedShuffleCluster.start(tmp, HDFS.uri() + "/shuffle", 3, Map.of());
    spark = ShuffleSessions.remote(cluster).getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void groupByAndSortReadPartitionFilesFromHdfs() throws Exception {
    List<Row> groups =
        spark
            .range(0, 100_000, 1, 4)
            .selectExpr("id % 500 AS k", "id AS v")
            .groupBy("k")
            .agg(functions.count("*"), functions.sum("v"))
            .collectAsList();
    assertThat(sorted(groups)).isEqualTo(expectedGroups(100_000, 500));

    List<Long> values =
        spark
            .range(0, 30_000, 1, 3)
            .selectExpr("(id * 7919) % 30000 AS x")
            .orderBy("x")
            .as(Encoders.LONG())
            .collectAsList();
    assertThat(values).isEqualTo(LongStream.range(0, 30_000).boxed().collect(Collectors.toList()));

    int dataFiles = 0;
    RemoteIterator<LocatedFileStatus> files =
        HDFS.fileSystem().listFiles(new org.apache.hadoop.fs.Path("/shuffle"), true);
    while (files.hasNext()) {
      if (files.next().getPath().getName().endsWith(".data")) {
        dataFiles++;
      }
    }
    assertThat(dataFiles).as("partition files on HDFS").isPositive();
  }
}
