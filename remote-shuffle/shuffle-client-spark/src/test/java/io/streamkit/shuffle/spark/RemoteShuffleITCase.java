package io.streamkit.shuffle.spark;

import static io.streamkit.shuffle.spark.ShuffleSessions.expectedGroups;
import static io.streamkit.shuffle.spark.ShuffleSessions.sorted;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.shuffle.server.EmbeddedShuffleCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/**
 * Spark jobs on {@code local-cluster} with two executor JVMs, a master and three workers writing to
 * the local file system: each gives exactly the result computed here by hand, as Spark's sort
 * shuffle does. The session runs with dynamic allocation and neither the external shuffle service
 * nor shuffle tracking, which Spark allows only because our ShuffleDataIO reports reliable storage.
 */
class RemoteShuffleITCase {
  @TempDir static Path tmp;
  static EmbeddedShuffleCluster cluster;
  static SparkSession spark;
  static JavaSparkContext jsc;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        EmbeddedShuffleCluster.start(tmp, tmp.resolve("shuffle").toUri().toString(), 3, Map.of());
    spark =
        ShuffleSessions.remote(cluster)
            .config("spark.dynamicAllocation.enabled", "true")
            .config("spark.dynamicAllocation.minExecutors", "2")
            .config("spark.dynamicAllocation.initialExecutors", "2")
            .config("spark.dynamicAllocation.maxExecutors", "2")
            .getOrCreate();
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
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
  void groupByGivesTheExactCountsAndSums() {
    List<Row> rows =
        spark
            .range(0, 200_000, 1, 6)
            .selectExpr("id % 1000 AS k", "id AS v")
            .groupBy("k")
            .agg(org.apache.spark.sql.functions.count("*"), org.apache.spark.sql.functions.sum("v"))
            .collectAsList();
    assertThat(sorted(rows)).isEqualTo(expectedGroups(200_000, 1000));
  }

  @Test
  void joinMatchesEveryRowOnce() {
    spark
        .range(0, 100_000, 1, 5)
        .selectExpr("id % 5000 AS k", "id AS v")
        .createOrReplaceTempView("facts");
    spark.range(0, 5000, 1, 3).selectExpr("id AS k", "id * 2 AS w").createOrReplaceTempView("dims");
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    Row row =
        spark
            .sql("SELECT count(*), sum(v), sum(w) FROM facts JOIN dims ON facts.k = dims.k")
            .first();
    long sumW = LongStream.range(0, 100_000).map(v -> (v % 5000) * 2).sum();
    assertThat(row.getLong(0)).isEqualTo(100_000);
    assertThat(row.getLong(1)).isEqualTo(LongStream.range(0, 100_000).sum());
    assertThat(row.getLong(2)).isEqualTo(sumW);
  }

  @Test
  void repartitionKeepsEveryRowExactlyOnce() {
    List<Long> ids =
        spark
            .range(0, 100_000, 1, 4)
            .repartition(7)
            .as(org.apache.spark.sql.Encoders.LONG())
            .collectAsList();
    assertThat(ids.stream().sorted().collect(Collectors.toList()))
        .isEqualTo(LongStream.range(0, 100_000).boxed().collect(Collectors.toList()));
  }

  @Test
  void sortOrdersAllRows() {
    List<Long> sortedValues =
        spark
            .range(0, 50_000, 1, 5)
            .selectExpr("(id * 7919) % 50000 AS x")
            .orderBy("x")
            .as(org.apache.spark.sql.Encoders.LONG())
            .collectAsList();
    assertThat(sortedValues)
        .isEqualTo(LongStream.range(0, 50_000).boxed().collect(Collectors.toList()));
  }

  @Test
  void aSkewedKeySplitByAdaptiveExecutionReadsMapRanges() {
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    spark.conf().set("spark.sql.adaptive.enabled", "true");
    spark.conf().set("spark.sql.adaptive.skewJoin.skewedPartitionFactor", "2");
    spark.conf().set("spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes", "1k");
    spark.conf().set("spark.sql.adaptive.advisoryPartitionSizeInBytes", "16k");
    spark.conf().set("spark.sql.adaptive.coalescePartitions.enabled", "false");
    // Half of all rows have key 0.
    spark
        .range(0, 200_000, 1, 8)
        .selectExpr("CASE WHEN id % 2 = 0 THEN 0 ELSE id % 1000 END AS k", "id AS v")
        .createOrReplaceTempView("skewed");
    spark
        .range(0, 1000, 1, 2)
        .selectExpr("id AS k", "id + 1 AS w")
        .createOrReplaceTempView("small");
    Dataset<Row> joined =
        spark.sql("SELECT count(*), sum(v), sum(w) FROM skewed JOIN small ON skewed.k = small.k");
    Row row = joined.collectAsList().get(0);
    long sumW = LongStream.range(0, 200_000).map(id -> (id % 2 == 0 ? 0 : id % 1000) + 1).sum();
    assertThat(row.getLong(0)).isEqualTo(200_000);
    assertThat(row.getLong(1)).isEqualTo(LongStream.range(0, 200_000).sum());
    assertThat(row.getLong(2)).isEqualTo(sumW);
    assertThat(joined.queryExecution().executedPlan().toString()).contains("skew=true");
  }

  @Test
  void rddAggregationsWithAndWithoutMapSideCombineAndSortByKey() {
    List<Integer> numbers = IntStream.range(0, 100_000).boxed().collect(Collectors.toList());
    JavaPairRDD<Integer, Integer> pairs =
        jsc.parallelize(numbers, 5).mapToPair(i -> new Tuple2<>(i % 100, i));

    Map<Integer, Integer> expectedSums = new TreeMap<>();
    Map<Integer, Integer> expectedCounts = new TreeMap<>();
    for (int i : numbers) {
      expectedSums.merge(i % 100, i, Integer::sum);
      expectedCounts.merge(i % 100, 1, Integer::sum);
    }
    assertThat(new TreeMap<>(pairs.reduceByKey(Integer::sum).collectAsMap()))
        .isEqualTo(expectedSums);
    Map<Integer, Integer> groupSizes = new TreeMap<>();
    pairs
        .groupByKey(new HashPartitioner(6))
        .collect()
        .forEach(
            t -> {
              List<Integer> values = new ArrayList<>();
              t._2().forEach(values::add);
              groupSizes.put(t._1(), values.size());
            });
    assertThat(groupSizes).isEqualTo(expectedCounts);
    List<Integer> keys = pairs.sortByKey(false, 4).keys().collect();
    assertThat(keys).hasSize(100_000).isSortedAccordingTo((a, b) -> b - a);
  }
}
