package io.streamkit.shuffle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.shuffle.common.ShufflePaths;
import io.streamkit.shuffle.server.EmbeddedShuffleCluster;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.FetchFailed;
import org.apache.spark.HashPartitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/**
 * Faults on {@code local-cluster}: a corrupted block, a failed map attempt that left its blocks
 * behind, a master restart and a worker killed while maps push. Each job gives exactly the rows it
 * would give without the fault. Small blocks make every map push many of them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteShuffleFaultsITCase {
  private static final int ROWS = 120_000;

  @TempDir static Path tmp;
  static Path storage;
  static EmbeddedShuffleCluster cluster;
  static SparkSession spark;
  static JavaSparkContext jsc;
  static final AtomicInteger fetchFailures = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    storage = tmp.resolve("shuffle");
    cluster = EmbeddedShuffleCluster.start(tmp, storage.toUri().toString(), 3, Map.of());
    spark =
        ShuffleSessions.remote(cluster)
            .config("spark.streamkit.shuffle.writer.block-size", "4k")
            .config("spark.streamkit.shuffle.writer.buffer-size", "64k")
            .getOrCreate();
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    spark
        .sparkContext()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.reason() instanceof FetchFailed) {
                  fetchFailures.incrementAndGet();
                }
              }
            });
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

  /** (key, value) pairs: value in [0, ROWS), key = value % 97, spread over 6 map tasks. */
  private static JavaPairRDD<Integer, Integer> pairs() {
    List<Integer> values = IntStream.range(0, ROWS).boxed().collect(Collectors.toList());
    return jsc.parallelize(values, 6).mapToPair(v -> new Tuple2<>(v % 97, v));
  }

  private static List<Integer> allValues() {
    return IntStream.range(0, ROWS).boxed().collect(Collectors.toList());
  }

  private static List<Integer> sortedValues(JavaPairRDD<Integer, Integer> rdd) {
    List<Integer> values = new ArrayList<>(rdd.values().collect());
    values.sort(null);
    return values;
  }

  @Test
  @Order(1)
  void aCorruptedBlockIsDetectedAndItsMapRunAgain() throws Exception {
    JavaPairRDD<Integer, Integer> shuffled = pairs().partitionBy(new HashPartitioner(4));
    assertThat(shuffled.count()).isEqualTo(ROWS);

    Path file = newestDataFile();
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(32 + 10); // inside the first block's data, past its 32-byte header
      int b = raf.read();
      raf.seek(32 + 10);
      raf.write(b ^ 0xFF);
    }
    int failuresBefore = fetchFailures.get();
    assertThat(sortedValues(shuffled)).isEqualTo(allValues());
    assertThat(fetchFailures.get())
        .as("the reader raised a fetch failure")
        .isGreaterThan(failuresBefore);
  }

  @Test
  @Order(2)
  void aCorruptedBlockHeaderIsFoundThroughTheIndexAndItsMapRunAgain() throws Exception {
    JavaPairRDD<Integer, Integer> shuffled = pairs().partitionBy(new HashPartitioner(3));
    assertThat(shuffled.count()).isEqualTo(ROWS);

    try (RandomAccessFile raf = new RandomAccessFile(newestDataFile().toFile(), "rw")) {
      raf.seek(6); // inside the first block's header (its map index)
      int b = raf.read();
      raf.seek(6);
      raf.write(b ^ 0xFF);
    }
    int failuresBefore = fetchFailures.get();
    assertThat(sortedValues(shuffled)).isEqualTo(allValues());
    assertThat(fetchFailures.get()).isGreaterThan(failuresBefore);
  }

  @Test
  @Order(3)
  void aFailedMapAttemptThatPushedBlocksAddsNoDuplicates() {
    JavaPairRDD<Integer, Integer> failingOnce =
        pairs()
            .mapPartitionsToPair(
                rows -> {
                  TaskContext task = TaskContext.get();
                  boolean fail = task.partitionId() == 0 && task.attemptNumber() == 0;
                  return fail ? new FailAtTheEnd(rows) : rows;
                },
                true);
    assertThat(sortedValues(failingOnce.partitionBy(new HashPartitioner(5))))
        .isEqualTo(allValues());
  }

  @Test
  @Order(4)
  void shufflesInFlightSurviveAMasterRestart() throws Exception {
    CompletableFuture<Void> restart =
        CompletableFuture.runAsync(
            () -> {
              try {
                Thread.sleep(1500);
                cluster.restartMaster();
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    JavaPairRDD<Integer, Integer> slow = slowly(pairs()).partitionBy(new HashPartitioner(4));
    assertThat(sortedValues(slow)).isEqualTo(allValues());
    restart.get();
    String appId = spark.sparkContext().applicationId();
    int known = 0;
    for (int shuffleId = 0; shuffleId < 20; shuffleId++) {
      if (cluster.master().slots(appId, shuffleId) != null) {
        known++;
      }
    }
    assertThat(known).as("shuffles the restarted master recovered").isPositive();
    // and new shuffles register with the restarted master
    assertThat(sortedValues(pairs().partitionBy(new HashPartitioner(3)))).isEqualTo(allValues());
  }

  @Test
  @Order(5)
  void aWorkerKilledWhileMapsPushLosesNothing() throws Exception {
    CompletableFuture<Void> kill =
        CompletableFuture.runAsync(
            () -> {
              try {
                Thread.sleep(1500);
                cluster.killWorker(0);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    List<Integer> values = sortedValues(slowly(pairs()).partitionBy(new HashPartitioner(4)));
    assertThat(kill).as("the worker died while the job ran").isDone();
    kill.get();
    assertThat(values).isEqualTo(allValues());
    // and later shuffles go to the live workers
    Map<Integer, Integer> sums = new TreeMap<>(pairs().reduceByKey(Integer::sum, 4).collectAsMap());
    Map<Integer, Integer> expected = new TreeMap<>();
    allValues().forEach(v -> expected.merge(v % 97, v, Integer::sum));
    assertThat(sums).isEqualTo(expected);
  }

  /** Hands over every row, then fails: the writer pushed most blocks, but the map fails. */
  private static final class FailAtTheEnd implements Iterator<Tuple2<Integer, Integer>> {
    private final Iterator<Tuple2<Integer, Integer>> rows;

    FailAtTheEnd(Iterator<Tuple2<Integer, Integer>> rows) {
      this.rows = rows;
    }

    @Override
    public boolean hasNext() {
      if (!rows.hasNext()) {
        throw new IllegalStateException("injected failure after the last row");
      }
      return true;
    }

    @Override
    public Tuple2<Integer, Integer> next() {
      return rows.next();
    }
  }

  /** Maps that take a few seconds and hand rows over as they go, so a fault lands mid-push. */
  private static JavaPairRDD<Integer, Integer> slowly(JavaPairRDD<Integer, Integer> rdd) {
    return rdd.mapPartitionsToPair(SlowRows::new, true);
  }

  private static final class SlowRows implements Iterator<Tuple2<Integer, Integer>> {
    private final Iterator<Tuple2<Integer, Integer>> rows;
    private int n;

    SlowRows(Iterator<Tuple2<Integer, Integer>> rows) {
      this.rows = rows;
    }

    @Override
    public boolean hasNext() {
      return rows.hasNext();
    }

    @Override
    public Tuple2<Integer, Integer> next() {
      if (++n % 2000 == 0) {
        try {
          Thread.sleep(120);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return rows.next();
    }
  }

  private static Path newestDataFile() throws IOException {
    Path app =
        Path.of(
            ShufflePaths.appDir(storage.toUri().toString(), spark.sparkContext().applicationId())
                .toUri());
    try (Stream<Path> files = Files.walk(app)) {
      return files
          .filter(p -> p.toString().endsWith(".data"))
          .max(Comparator.comparingLong(p -> p.toFile().lastModified()))
          .orElseThrow();
    }
  }
}
