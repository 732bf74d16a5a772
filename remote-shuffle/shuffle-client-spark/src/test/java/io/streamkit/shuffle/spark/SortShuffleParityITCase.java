package io.streamkit.shuffle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.shuffle.server.EmbeddedShuffleCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same queries, row for row, with RemoteShuffleManager on {@code local-cluster} and with
 * Spark's own sort shuffle: groupBy, join, repartition, a global sort (compared in order) and an
 * AQE-split skew join.
 */
class SortShuffleParityITCase {
  @TempDir Path tmp;

  private static final Map<String, String> QUERIES = new LinkedHashMap<>();

  static {
    QUERIES.put("groupBy", "SELECT k, count(*), sum(v), max(s) FROM facts GROUP BY k");
    QUERIES.put("join", "SELECT f.k, f.v, d.w FROM facts f JOIN dims d ON f.k = d.k");
    QUERIES.put("repartition", "SELECT /*+ REPARTITION(7) */ v, s FROM facts");
    QUERIES.put("sort", "SELECT v, s FROM facts ORDER BY s DESC, v");
    QUERIES.put(
        "skew join", "SELECT f.v, d.w FROM skewed f JOIN dims d ON f.k = d.k WHERE f.v % 3 = 0");
  }

  @Test
  void everyQueryReturnsTheRowsOfSparksSortShuffle() throws Exception {
    Map<String, List<String>> ours;
    try (EmbeddedShuffleCluster cluster =
        EmbeddedShuffleCluster.start(tmp, tmp.resolve("shuffle").toUri().toString(), 3, Map.of())) {
      ours = run(ShuffleSessions.remote(cluster).getOrCreate());
    }
    Map<String, List<String>> theirs =
        run(
            SparkSession.builder()
                .master("local[2]")
                .appName("sort-shuffle-reference")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "8")
                .getOrCreate());
    for (String query : QUERIES.keySet()) {
      assertThat(ours.get(query)).as(query).isNotEmpty().isEqualTo(theirs.get(query));
    }
  }

  private static Map<String, List<String>> run(SparkSession spark) {
    try {
      spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
      spark.conf().set("spark.sql.adaptive.enabled", "true");
      spark.conf().set("spark.sql.adaptive.skewJoin.skewedPartitionFactor", "2");
      spark.conf().set("spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes", "1k");
      spark.conf().set("spark.sql.adaptive.advisoryPartitionSizeInBytes", "16k");
      spark
          .range(0, 60_000, 1, 5)
          .selectExpr("id % 700 AS k", "id AS v", "sha2(cast(id % 5000 AS string), 256) AS s")
          .createOrReplaceTempView("facts");
      spark
          .range(0, 700, 1, 2)
          .selectExpr("id AS k", "id * 3 AS w")
          .createOrReplaceTempView("dims");
      spark
          .range(0, 60_000, 1, 6)
          .selectExpr("CASE WHEN id % 2 = 0 THEN 0 ELSE id % 700 END AS k", "id AS v")
          .createOrReplaceTempView("skewed");
      Map<String, List<String>> results = new LinkedHashMap<>();
      for (Map.Entry<String, String> query : QUERIES.entrySet()) {
        List<String> rows =
            spark.sql(query.getValue()).collectAsList().stream()
                .map(r -> r.mkString("|"))
                .collect(Collectors.toCollection(ArrayList::new));
        if (!query.getKey().equals("sort")) {
          rows.sort(null); // only the sort has an order to compare
        }
        results.put(query.getKey(), rows);
      }
      return results;
    } finally {
      spark.stop();
    }
  }
}
