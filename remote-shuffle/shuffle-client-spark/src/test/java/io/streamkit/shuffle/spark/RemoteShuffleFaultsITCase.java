package io.streamkit.shuffle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.shuffle.common.BlockHeader;
import io.streamkit.shuffle.common.BlockReader;
import io.streamkit.shuffle.common.IndexEntry;
import io.streamkit.shuffle.common.ShufflePaths;
import io.streamkit.shuffle.common.ShuffleSlots;
import io.streamkit.shuffle.common.WorkerInfo;
import io.streamkit.shuffle.server.EmbeddedShuffleCluster;
import io.streamkit.shuffle.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.FetchFailed;
import org.apache.spark.HashPartitioner;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
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
 * behind, a block lost by a worker after its acknowledgement, a master restart and a worker process
 * killed while maps push. Each job gives exactly the rows it would give without the fault, and each
 * test checks that the fault really took the path it names (Spark's task ends, files on disk).
 * Small blocks make every map push many of them.
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
  static final Map<Integer, Integer> stageShuffles = new ConcurrentHashMap<>();
  static final List<MapTaskEnd> mapTasks = new CopyOnWriteArrayList<>();

  /** The end of a map task attempt of a shuffle's map stage, as Spark's listener reports it. */
  record MapTaskEnd(int shuffleId, int mapIndex, int attemptNumber, boolean successful) {}

  @BeforeAll
  static void start() throws Exception {
    storage = tmp.resolve("shuffle");
    // The embedded workers write through LosingFileSystem, which loses a block only when armed;
    // readers in the executors use the plain local file system.
    cluster =
        EmbeddedShuffleCluster.start(
            tmp,
            storage.toUri().toString(),
            3,
            Map.of(
                ServerConfig.HADOOP_PREFIX + "fs.file.impl",
                LosingFileSystem.class.getName(),
                ServerConfig.HADOOP_PREFIX + "fs.file.impl.disable.cache",
                "true"));
    spark =
        ShuffleSessions.remote(cluster)
            .config("spark.streamkit.shuffle.writer.block-size", "4k")
            .config("spark.streamkit.shuffle.writer.buffer-size", "64k")
            // LZ4 emits compressed bytes every 4 KB, so a partition's buffer grows as rows come
            .config("spark.io.compression.lz4.blockSize", "4k")
            .getOrCreate();
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    spark
        .sparkContext()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
                StageInfo stage = submitted.stageInfo();
                if (stage.shuffleDepId().isDefined()) {
                  stageShuffles.put(stage.stageId(), (Integer) stage.shuffleDepId().get());
                }
              }

              @Override
              public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.reason() instanceof FetchFailed) {
                  fetchFailures.incrementAndGet();
                }
                Integer shuffle = stageShuffles.get(end.stageId());
                if (shuffle != null) {
                  mapTasks.add(
                      new MapTaskEnd(
                          shuffle,
                          end.taskInfo().index(),
                          end.taskInfo().attemptNumber(),
                          end.taskInfo().successful()));
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

  /**
   * A worker acknowledges a map's last block for a partition and then loses it (data and index
   * entry). The map's end record says how many blocks it pushed, so the reader raises a fetch
   * failure for that map instead of returning fewer rows, and Spark runs the map again.
   */
  @Test
  @Order(4)
  void aLastBlockLostAfterItsAcknowledgementIsAFetchFailureNotFewerRows() {
    // 12 rows of 40 KB each (incompressible), keys i % 3: map 0 holds rows 0-5, so partition 0
    // gets rows 0 and 3 from it, one block each (a row is bigger than the 4 KB block size):
    // sequence 1 is map 0's last block for partition 0.
    JavaPairRDD<Integer, byte[]> shuffled =
        jsc.parallelize(IntStream.range(0, 12).boxed().collect(Collectors.toList()), 2)
            .mapToPair(i -> new Tuple2<>(i % 3, payload(i)))
            .partitionBy(new HashPartitioner(3));
    int shuffleId = shuffleId(shuffled);
    int lostBefore = LosingFileSystem.lost();
    int failuresBefore = fetchFailures.get();
    LosingFileSystem.loseOnce(new LosingFileSystem.Target("0", 0, 1));
    List<Integer> ids;
    try {
      ids = new ArrayList<>(shuffled.values().map(RemoteShuffleFaultsITCase::idOf).collect());
    } finally {
      LosingFileSystem.disarm();
    }
    awaitListeners();
    assertThat(LosingFileSystem.lost()).as("the worker lost a block").isEqualTo(lostBefore + 1);
    ids.sort(null);
    assertThat(ids).isEqualTo(IntStream.range(0, 12).boxed().collect(Collectors.toList()));
    assertThat(fetchFailures.get()).as("fetch failures").isGreaterThan(failuresBefore);
    assertThat(successfulAttempts(shuffleId, 0)).as("successful attempts of map 0").isEqualTo(2);
    assertThat(successfulAttempts(shuffleId, 1)).as("successful attempts of map 1").isEqualTo(1);
  }

  /** 40 KB of bytes that do not compress, starting with the row's id; the rest checks it. */
  private static byte[] payload(int id) {
    byte[] bytes = new byte[40 << 10];
    new java.util.Random(id).nextBytes(bytes);
    java.nio.ByteBuffer.wrap(bytes).putInt(0, id);
    return bytes;
  }

  /** The row's id, after checking that its payload arrived intact. */
  private static int idOf(byte[] payload) {
    int id = java.nio.ByteBuffer.wrap(payload).getInt(0);
    if (!java.util.Arrays.equals(payload, payload(id))) {
      throw new IllegalStateException("payload of row " + id + " changed");
    }
    return id;
  }

  /** Spark's listener bus delivers events asynchronously: wait until it has delivered all. */
  private static void awaitListeners() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(30_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("Spark's listener bus did not drain within 30 s", e);
    }
  }

  private static int shuffleId(JavaPairRDD<?, ?> shuffled) {
    return ((ShuffleDependency<?, ?, ?>) shuffled.rdd().dependencies().head()).shuffleId();
  }

  private static long successfulAttempts(int shuffleId, int mapIndex) {
    return mapTasks.stream()
        .filter(t -> t.shuffleId() == shuffleId && t.mapIndex() == mapIndex && t.successful())
        .count();
  }

  @Test
  @Order(5)
  void shufflesInFlightSurviveAMasterRestart() throws Exception {
    String appId = spark.sparkContext().applicationId();
    JavaPairRDD<Integer, Integer> slow = slowly(pairs()).partitionBy(new HashPartitioner(4));
    int shuffleId = shuffleId(slow); // registers this shuffle with the master now
    ShuffleSlots before = cluster.master().slots(appId, shuffleId);
    assertThat(before).as("this shuffle's assignment before the restart").isNotNull();
    long blocksBefore = embeddedBlocksReceived();
    CompletableFuture<List<Integer>> job = CompletableFuture.supplyAsync(() -> sortedValues(slow));
    await("the workers took blocks of the job", () -> embeddedBlocksReceived() > blocksBefore);
    assertThat(job).as("the job still runs when the master restarts").isNotDone();
    cluster.restartMaster();

    assertThat(job.get(120, TimeUnit.SECONDS)).isEqualTo(allValues());
    ShuffleSlots after = cluster.master().slots(appId, shuffleId);
    assertThat(after).as("this shuffle's assignment in the restarted master").isNotNull();
    assertThat(after.toBytes()).isEqualTo(before.toBytes());
    // and new shuffles register with the restarted master
    JavaPairRDD<Integer, Integer> next = pairs().partitionBy(new HashPartitioner(3));
    assertThat(cluster.master().slots(appId, shuffleId(next))).isNotNull();
    assertThat(sortedValues(next)).isEqualTo(allValues());
  }

  /**
   * A worker process is killed (SIGKILL) after it acknowledged blocks: blocks of maps that ended
   * (flushed and indexed), and blocks of map 0, which is still running and waits until the worker
   * is dead. Map 0's later blocks fail over to the backups; its end fails, because a worker that
   * took its blocks is gone, and Spark runs it again. The maps that ended before the kill are not
   * run again: their blocks are read from the dead worker's files, without a fetch failure.
   */
  @Test
  @Order(6)
  void aWorkerProcessKilledAfterItAcknowledgedBlocksLosesNothing() throws Exception {
    String appId = spark.sparkContext().applicationId();
    String id = "process-worker";
    try (WorkerProcess worker =
        WorkerProcess.start(
            id, cluster.masterAddress(), storage.toUri().toString(), tmp.resolve(id + ".log"))) {
      await("the worker process registered", () -> liveWorkerIds().contains(id));
      Path killed = tmp.resolve("worker-killed");
      JavaPairRDD<Integer, Integer> shuffled =
          waitingInMapZeroFor(killed, pairs()).partitionBy(new HashPartitioner(8));
      int shuffleId = shuffleId(shuffled);
      ShuffleSlots slots = cluster.master().slots(appId, shuffleId);
      List<Integer> itsPartitions = new ArrayList<>();
      for (int p = 0; p < slots.partitions(); p++) {
        if (slots.primary(p).id().equals(id)) {
          itsPartitions.add(p);
        }
      }
      assertThat(itsPartitions).as("partitions whose primary is the worker process").isNotEmpty();
      int failuresBefore = fetchFailures.get();

      CompletableFuture<List<Integer>> job =
          CompletableFuture.supplyAsync(() -> sortedValues(shuffled));
      await(
          "the worker process holds flushed blocks of map 0 and of a map that ended",
          () -> {
            List<IndexEntry> entries = indexEntries(appId, shuffleId, id);
            return entries.stream().anyMatch(e -> !e.isEnd() && e.mapIndex() == 0)
                && entries.stream().anyMatch(e -> e.isEnd() && e.mapIndex() != 0);
          });
      long held = indexEntries(appId, shuffleId, id).stream().filter(e -> !e.isEnd()).count();
      assertThat(job).as("the job still runs when the worker dies").isNotDone();
      assertThat(worker.kill()).as("exit code of SIGKILL").isEqualTo(137);
      Files.createFile(killed);

      assertThat(job.get(180, TimeUnit.SECONDS)).isEqualTo(allValues());
      awaitListeners();
      assertThat(held).as("blocks the worker process had acknowledged and flushed").isPositive();
      assertThat(fetchFailures.get())
          .as("fetch failures: the dead worker's flushed files are read from the file system")
          .isEqualTo(failuresBefore);
      assertThat(
              mapTasks.stream()
                  .filter(t -> t.shuffleId() == shuffleId && t.mapIndex() == 0 && !t.successful()))
          .as("failed attempts of map 0")
          .isNotEmpty();
      for (int map = 0; map < 6; map++) {
        assertThat(successfulAttempts(shuffleId, map))
            .as("successful attempts of map " + map)
            .isEqualTo(1);
      }
      for (int p : itsPartitions) {
        assertThat(blocksOn(appId, shuffleId, p, slots.backup(p).id()))
            .as("blocks failed over to the backup of partition " + p)
            .isPositive();
      }

      // later shuffles go to the live workers only
      await("the master dropped the dead worker", () -> !liveWorkerIds().contains(id));
      JavaPairRDD<Integer, Integer> sums = pairs().reduceByKey(Integer::sum, 4);
      assertThat(cluster.master().slots(appId, shuffleId(sums)).workers())
          .extracting(WorkerInfo::id)
          .doesNotContain(id);
      Map<Integer, Integer> expected = new TreeMap<>();
      allValues().forEach(v -> expected.merge(v % 97, v, Integer::sum));
      assertThat(new TreeMap<>(sums.collectAsMap())).isEqualTo(expected);
    }
  }

  private static List<String> liveWorkerIds() {
    return cluster.master().liveWorkers().stream().map(WorkerInfo::id).toList();
  }

  private static long embeddedBlocksReceived() {
    long blocks = 0;
    for (int w = 0; w < cluster.workerInfos().size(); w++) {
      blocks += cluster.worker(w).blocksReceived();
    }
    return blocks;
  }

  /** Waits for a condition, checking it every 20 ms, for at most 60 s. */
  private static void await(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 60 s: " + what);
      }
      Thread.sleep(20); // the polling interval, not the synchronization
    }
  }

  /** The index entries (whole ones) of one worker's files of a shuffle. */
  private static List<IndexEntry> indexEntries(String appId, int shuffleId, String workerId) {
    List<IndexEntry> entries = new ArrayList<>();
    for (Path index : files(appId, shuffleId, -1, workerId, ".index")) {
      try (InputStream in = Files.newInputStream(index)) {
        entries.addAll(IndexEntry.readAll(in));
      } catch (IOException e) {
        // not there yet
      }
    }
    return entries;
  }

  /** How many whole blocks one worker's files of a partition hold. */
  private static int blocksOn(String appId, int shuffleId, int partition, String workerId)
      throws IOException {
    int blocks = 0;
    for (Path file : files(appId, shuffleId, partition, workerId, ".data")) {
      try (InputStream in = Files.newInputStream(file);
          BlockReader reader = new BlockReader(in, file.toString())) {
        for (BlockHeader h = reader.next(); h != null && reader.skip(h); h = reader.next()) {
          blocks++;
        }
      }
    }
    return blocks;
  }

  /** A worker's files of a shuffle (of one partition, or all when partition is -1). */
  private static List<Path> files(
      String appId, int shuffleId, int partition, String workerId, String suffix) {
    Path dir =
        Path.of(
            (partition < 0
                    ? ShufflePaths.shuffleDir(storage.toUri().toString(), appId, shuffleId)
                    : ShufflePaths.partitionDir(
                        storage.toUri().toString(), appId, shuffleId, partition))
                .toUri());
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith(workerId + "-"))
          .filter(f -> f.getFileName().toString().endsWith(suffix))
          .toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of();
    }
  }

  /**
   * The first attempt of map 0 hands over most of its rows and then waits until {@code marker}
   * exists (for at most two minutes); every other map runs as usual.
   */
  private static JavaPairRDD<Integer, Integer> waitingInMapZeroFor(
      Path marker, JavaPairRDD<Integer, Integer> rdd) {
    String path = marker.toString();
    return rdd.mapPartitionsToPair(
        rows -> {
          TaskContext task = TaskContext.get();
          return task.partitionId() == 0 && task.attemptNumber() == 0
              ? new WaitHalfway(rows, Path.of(path))
              : rows;
        },
        true);
  }

  private static final class WaitHalfway implements Iterator<Tuple2<Integer, Integer>> {
    private final Iterator<Tuple2<Integer, Integer>> rows;
    private final Path marker;
    private int n;

    WaitHalfway(Iterator<Tuple2<Integer, Integer>> rows, Path marker) {
      this.rows = rows;
      this.marker = marker;
    }

    @Override
    public boolean hasNext() {
      return rows.hasNext();
    }

    @Override
    public Tuple2<Integer, Integer> next() {
      if (++n == ROWS / 8) { // three quarters of a map's rows
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(marker) && System.nanoTime() < deadline) {
          try {
            Thread.sleep(20); // polling a file another process creates
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
      return rows.next();
    }
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
