package io.streamkit.shuffle.spark;

import io.streamkit.shuffle.server.EmbeddedShuffleCluster;
import io.streamkit.testkit.SparkHome;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark sessions on {@code local-cluster} (two executor JVMs) using an embedded shuffle cluster.
 */
final class ShuffleSessions {
  private ShuffleSessions() {}

  static SparkSession.Builder remote(EmbeddedShuffleCluster cluster) throws IOException {
    SparkHome.prepare();
    return SparkSession.builder()
        .master("local-cluster[2,1,1024]")
        .appName("streamkit-remote-shuffle-test")
        .config("spark.shuffle.manager", RemoteShuffleManager.class.getName())
        .config("spark.streamkit.shuffle.master", cluster.masterAddress())
        .config("spark.executor.extraJavaOptions", System.getProperty("spark.executor.opens", ""))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8");
  }

  /** Rows as "a|b|c" strings, sorted: an order-free comparison of results. */
  static List<String> sorted(List<Row> rows) {
    return rows.stream().map(r -> r.mkString("|")).sorted().collect(Collectors.toList());
  }

  /** What {@code groupBy(k).agg(count, sum(v))} must return for v in [0, n) and k = v % keys. */
  static List<String> expectedGroups(long n, long keys) {
    Map<Long, long[]> groups = new TreeMap<>();
    for (long v = 0; v < n; v++) {
      long[] g = groups.computeIfAbsent(v % keys, k -> new long[2]);
      g[0]++;
      g[1] += v;
    }
    Map<String, Boolean> out = new HashMap<>();
    groups.forEach((k, g) -> out.put(k + "|" + g[0] + "|" + g[1], true));
    return out.keySet().stream().sorted().collect(Collectors.toList());
  }
}
