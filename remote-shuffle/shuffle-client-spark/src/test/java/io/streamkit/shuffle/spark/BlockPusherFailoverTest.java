package io.streamkit.shuffle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.shuffle.common.BlockHeader;
import io.streamkit.shuffle.common.BlockReader;
import io.streamkit.shuffle.common.RpcClient;
import io.streamkit.shuffle.common.ShufflePaths;
import io.streamkit.shuffle.common.ShuffleSlots;
import io.streamkit.shuffle.common.WorkerInfo;
import io.streamkit.shuffle.server.EmbeddedShuffleCluster;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover when a primary's connection closes while a push waits for its answer. The failure then
 * arrives on a Netty event loop, and the backup's connection is not open yet: connecting to it must
 * not block (or be refused on) that event loop, and the push must complete and give back its
 * permits at once, not after the push timeout.
 */
class BlockPusherFailoverTest {
  private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(20);

  @TempDir static Path dir;
  static EmbeddedShuffleCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        EmbeddedShuffleCluster.start(dir, dir.resolve("data").toUri().toString(), 1, Map.of());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * Netty hands new channels to the shared client event loops in turn (4 of them). Between the
   * primary's connection and the backup's, this test opens 0 to 3 other connections, so that in one
   * of the rounds the backup's connection is registered on the very event loop that reports the
   * primary's failure, the case in which a blocking connect there is refused.
   */
  @Test
  void failoverToABackupNotConnectedYetCompletesAtOnceAndReleasesItsPermits() throws Exception {
    WorkerInfo backup = cluster.workerInfos().get(0);
    for (int others = 0; others < 4; others++) {
      int shuffleId = 10 + others;
      try (ServerSocket primarySocket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
        WorkerInfo primary =
            new WorkerInfo(
                "silent-" + others,
                "127.0.0.1",
                primarySocket.getLocalPort(),
                backup.storageRoot());
        ShuffleSlots slots =
            new ShuffleSlots(List.of(primary, backup), new int[] {0}, new int[] {1});
        RemoteShuffleHandle<Object, Object, Object> handle =
            new RemoteShuffleHandle<>(shuffleId, null, "app", slots, null);
        WorkerConnections connections =
            new WorkerConnections(Duration.ofSeconds(5), Duration.ofSeconds(60));
        ShuffleOptions options = options();
        BlockPusher pusher = new BlockPusher(connections, handle, 0, 7L, options);
        byte[] block = new byte[1000];
        List<RpcClient> opened = new ArrayList<>();
        try {
          pusher.push(0, block); // connects to the primary, which never answers
          try (Socket accepted = primarySocket.accept()) {
            InputStream in = accepted.getInputStream();
            int received = 0;
            while (received < block.length) { // the push reached the primary
              int n = in.read(new byte[8192]);
              assertThat(n).as("bytes from the pusher").isPositive();
              received += n;
            }
            for (int i = 0; i < others; i++) {
              opened.add(RpcClient.connect(backup.host(), backup.port(), Duration.ofSeconds(5)));
            }
          } // closing the primary's connection fails the push on the client's event loop

          long started = System.nanoTime();
          pusher.finish(); // waits for every permit, then ends the map on the backup
          Duration took = Duration.ofNanos(System.nanoTime() - started);
          assertThat(took)
              .as("finish after failover, round " + others)
              .isLessThan(Duration.ofSeconds(5));
          assertThat(pusher.failovers()).as("failovers, round " + others).isEqualTo(1);
          assertThat(blocksOnDisk(shuffleId)).as("round " + others).containsExactly("7/0/1000");
        } finally {
          opened.forEach(RpcClient::close);
          connections.close();
        }
      }
    }
  }

  private static ShuffleOptions options() {
    return ShuffleOptions.from(
        new SparkConf(false)
            .set(ShuffleOptions.MASTER, "127.0.0.1:1")
            .set(ShuffleOptions.BLOCK_SIZE, "1k")
            .set(ShuffleOptions.BUFFER_SIZE, "1m")
            .set(ShuffleOptions.MAX_IN_FLIGHT, "1m")
            .set(ShuffleOptions.PUSH_TIMEOUT, PUSH_TIMEOUT.toMillis() + "ms"));
  }

  /** "attempt/seq/length" of every block the backup wrote for partition 0 of a shuffle. */
  private static List<String> blocksOnDisk(int shuffleId) throws Exception {
    Path partitionDir =
        Path.of(
            ShufflePaths.partitionDir(dir.resolve("data").toUri().toString(), "app", shuffleId, 0)
                .toUri());
    List<String> blocks = new ArrayList<>();
    try (Stream<Path> files = Files.list(partitionDir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".data")).toList()) {
        try (InputStream in = Files.newInputStream(file);
            BlockReader reader = new BlockReader(in, file.toString())) {
          for (BlockHeader h = reader.next(); h != null; h = reader.next()) {
            reader.skip(h);
            blocks.add(h.attemptId() + "/" + h.seq() + "/" + h.length());
          }
        }
      }
    }
    return blocks;
  }
}
