package io.streamkit.shuffle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamkit.shuffle.common.BlockHeader;
import io.streamkit.shuffle.common.BlockReader;
import io.streamkit.shuffle.common.IndexEntry;
import io.streamkit.shuffle.common.MessageType;
import io.streamkit.shuffle.common.RpcClient;
import io.streamkit.shuffle.common.ShufflePaths;
import io.streamkit.shuffle.common.ShuffleSlots;
import io.streamkit.shuffle.common.Wire;
import io.streamkit.shuffle.common.WorkerInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master and workers on their own, driven through the wire protocol. */
class ShuffleServersTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void pushedBlocksLandInOnePartitionFileWithHeadersAndChecksums() throws Exception {
    try (EmbeddedShuffleCluster cluster =
            EmbeddedShuffleCluster.start(dir, dir.resolve("data").toUri().toString(), 1, Map.of());
        RpcClient worker = connect(cluster.workerInfos().get(0))) {
      for (int seq = 0; seq < 10; seq++) {
        push(worker, "app", 3, 5, 7, 1007L, seq, ("block-" + seq).getBytes()).get();
      }
      endMap(worker, "app", 3);
      List<String> blocks = readPartition(dir.resolve("data"), "app", 3, 5);
      assertThat(blocks).hasSize(10).startsWith("7/1007/0:block-0").endsWith("7/1007/9:block-9");
      // the map's end also wrote the index: one entry per block, pointing at its header
      Path partitionDir =
          Path.of(
              ShufflePaths.partitionDir(dir.resolve("data").toUri().toString(), "app", 3, 5)
                  .toUri());
      try (Stream<Path> files = Files.list(partitionDir)) {
        Path index = files.filter(f -> f.toString().endsWith(".index")).findFirst().orElseThrow();
        List<IndexEntry> entries;
        try (InputStream in = Files.newInputStream(index)) {
          entries = IndexEntry.readAll(in);
        }
        assertThat(entries).hasSize(10);
        assertThat(entries.get(0)).isEqualTo(new IndexEntry(7, 1007L, 0, 0, 7));
        assertThat(entries.get(1).offset()).isEqualTo(BlockHeader.SIZE + 7);
      }
    }
  }

  @Test
  void aMapEndRecordsTheAttemptsEndEntryInTheIndexOfEachPartitionItNames() throws Exception {
    String root = dir.resolve("data").toUri().toString();
    try (EmbeddedShuffleCluster cluster = EmbeddedShuffleCluster.start(dir, root, 1, Map.of());
        RpcClient worker = connect(cluster.workerInfos().get(0))) {
      push(worker, "app", 4, 0, 2, 9L, 0, "abc".getBytes()).get();
      push(worker, "app", 4, 0, 2, 9L, 1, "defg".getBytes()).get();
      // Partition 0: both blocks arrived. Partition 1: the attempt pushed a block for it that this
      // worker acknowledged and lost; the end entry must be kept all the same.
      worker.callAndWait(
          MessageType.MAP_END,
          TIMEOUT,
          buf -> {
            Wire.writeString(buf, "app");
            buf.writeInt(4).writeInt(2).writeLong(9L).writeInt(2);
            buf.writeInt(0).writeInt(2).writeLong(7);
            buf.writeInt(1).writeInt(1).writeLong(5);
          });
      assertThat(index(root, "app", 4, 0))
          .containsExactly(
              new IndexEntry(2, 9L, 0, 0, 3),
              new IndexEntry(2, 9L, 1, BlockHeader.SIZE + 3, 4),
              IndexEntry.end(2, 9L, 2, 7));
      assertThat(index(root, "app", 4, 1)).containsExactly(IndexEntry.end(2, 9L, 1, 5));
      assertThat(IndexEntry.end(2, 9L, 1, 5).isEnd()).isTrue();
      assertThat(readPartition(dir.resolve("data"), "app", 4, 1)).isEmpty();
    }
  }

  private static List<IndexEntry> index(String root, String app, int shuffleId, int partition)
      throws IOException {
    Path partitionDir = Path.of(ShufflePaths.partitionDir(root, app, shuffleId, partition).toUri());
    List<IndexEntry> entries = new ArrayList<>();
    try (Stream<Path> files = Files.list(partitionDir)) {
      for (Path index : files.filter(f -> f.toString().endsWith(".index")).toList()) {
        try (InputStream in = Files.newInputStream(index)) {
          entries.addAll(IndexEntry.readAll(in));
        }
      }
    }
    return entries;
  }

  @Test
  void flowControlPausesAFastProducerAndLosesNothing() throws Exception {
    try (EmbeddedShuffleCluster cluster =
            EmbeddedShuffleCluster.start(
                dir,
                dir.resolve("data").toUri().toString(),
                1,
                Map.of(ServerConfig.WORKER_MEMORY, "256k", ServerConfig.WORKER_THREADS, "1"));
        RpcClient worker = connect(cluster.workerInfos().get(0))) {
      byte[] block = new byte[64 << 10];
      List<CompletableFuture<?>> acks = new ArrayList<>();
      for (int seq = 0; seq < 400; seq++) {
        acks.add(push(worker, "app", 0, seq % 4, 0, 1L, seq, block));
      }
      CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get();
      endMap(worker, "app", 0);
      assertThat(cluster.worker(0).flowControlPauses()).isPositive();
      int total = 0;
      for (int p = 0; p < 4; p++) {
        total += readPartition(dir.resolve("data"), "app", 0, p).size();
      }
      assertThat(total).isEqualTo(400);
    }
  }

  @Test
  void aBlockCorruptedOnTheWayIsRefused() throws Exception {
    try (EmbeddedShuffleCluster cluster =
            EmbeddedShuffleCluster.start(dir, dir.resolve("data").toUri().toString(), 1, Map.of());
        RpcClient worker = connect(cluster.workerInfos().get(0))) {
      byte[] data = "payload".getBytes();
      CompletableFuture<?> ack =
          worker.call(
              MessageType.PUSH,
              64,
              buf -> {
                Wire.writeString(buf, "app");
                buf.writeInt(0).writeInt(0).writeInt(0).writeLong(1L).writeInt(0);
                buf.writeInt(BlockHeader.crc(data, data.length) + 1);
                buf.writeInt(data.length).writeBytes(data);
              });
      assertThatThrownBy(ack::get).hasMessageContaining("arrived corrupted");
    }
  }

  @Test
  void aRestartedMasterKnowsTheShufflesInFlightAndExcludesDeadWorkers() throws Exception {
    try (EmbeddedShuffleCluster cluster =
        EmbeddedShuffleCluster.start(
            dir,
            dir.resolve("data").toUri().toString(),
            3,
            Map.of(ServerConfig.MASTER_WORKER_TIMEOUT, "1s"))) {
      ShuffleSlots before = requestSlots(cluster, "app", 1, 12);
      assertThat(before.workers()).hasSize(3);
      for (int p = 0; p < 12; p++) {
        assertThat(before.backup(p)).isNotEqualTo(before.primary(p));
      }

      cluster.restartMaster();
      try (RpcClient master = connect(cluster)) {
        ShuffleSlots after =
            ShuffleSlots.read(
                master.callAndWait(
                    MessageType.GET_SLOTS,
                    TIMEOUT,
                    buf -> {
                      Wire.writeString(buf, "app");
                      buf.writeInt(1);
                    }));
        assertThat(after.toBytes()).isEqualTo(before.toBytes());
      }

      cluster.killWorker(0);
      // the survivors re-register with the new master, and worker 0's last heartbeat times out
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      List<String> live = liveWorkerIds(cluster);
      while (!live.equals(List.of("worker-1", "worker-2"))) {
        assertThat(System.nanoTime())
            .as("live workers still %s after 20 s", live)
            .isLessThan(deadline);
        Thread.sleep(20); // polling interval of the condition, not a wait for it
        live = liveWorkerIds(cluster);
      }
      ShuffleSlots next = requestSlots(cluster, "app", 2, 6);
      assertThat(next.workers()).extracting(WorkerInfo::id).doesNotContain("worker-0");
    }
  }

  private static List<String> liveWorkerIds(EmbeddedShuffleCluster cluster) {
    return cluster.master().liveWorkers().stream().map(WorkerInfo::id).toList();
  }

  @Test
  void aMisspeltOptionIsAnErrorNamingTheKnownOnes() {
    assertThatThrownBy(() -> ServerConfig.of(Map.of("streamkit.shuffle.worker.memory", "1g")))
        .hasMessageContaining("unknown option 'streamkit.shuffle.worker.memory'")
        .hasMessageContaining(ServerConfig.WORKER_MEMORY);
  }

  private static RpcClient connect(WorkerInfo worker) throws IOException {
    return RpcClient.connect(worker.host(), worker.port(), TIMEOUT);
  }

  private static RpcClient connect(EmbeddedShuffleCluster cluster) throws IOException {
    String[] hostPort = cluster.masterAddress().split(":");
    return RpcClient.connect(hostPort[0], Integer.parseInt(hostPort[1]), TIMEOUT);
  }

  private static ShuffleSlots requestSlots(
      EmbeddedShuffleCluster cluster, String app, int shuffleId, int partitions)
      throws IOException {
    try (RpcClient master = connect(cluster)) {
      return ShuffleSlots.read(
          master.callAndWait(
              MessageType.REQUEST_SLOTS,
              TIMEOUT,
              buf -> {
                Wire.writeString(buf, app);
                buf.writeInt(shuffleId);
                buf.writeInt(partitions);
              }));
    }
  }

  private static CompletableFuture<?> push(
      RpcClient worker,
      String app,
      int shuffleId,
      int partition,
      int mapIndex,
      long attempt,
      int seq,
      byte[] data) {
    return worker.call(
        MessageType.PUSH,
        data.length + 64,
        buf -> {
          Wire.writeString(buf, app);
          buf.writeInt(shuffleId).writeInt(partition).writeInt(mapIndex).writeLong(attempt);
          buf.writeInt(seq).writeInt(BlockHeader.crc(data, data.length));
          buf.writeInt(data.length).writeBytes(data);
        });
  }

  private static void endMap(RpcClient worker, String app, int shuffleId) throws IOException {
    worker.callAndWait(
        MessageType.MAP_END,
        TIMEOUT,
        buf -> {
          Wire.writeString(buf, app);
          buf.writeInt(shuffleId);
        });
  }

  /** "mapIndex/attempt/seq:data" for every block of a partition, in file order. */
  private static List<String> readPartition(Path root, String app, int shuffleId, int partition)
      throws IOException {
    Path partitionDir =
        Path.of(
            ShufflePaths.partitionDir(root.toUri().toString(), app, shuffleId, partition).toUri());
    List<String> blocks = new ArrayList<>();
    try (Stream<Path> files = Files.list(partitionDir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".data")).toList()) {
        try (InputStream in = Files.newInputStream(file);
            BlockReader reader = new BlockReader(in, file.toString())) {
          for (BlockHeader h = reader.next(); h != null; h = reader.next()) {
            blocks.add(
                h.mapIndex()
                    + "/"
                    + h.attemptId()
                    + "/"
                    + h.seq()
                    + ":"
                    + new String(reader.data(h)));
          }
        }
      }
    }
    return blocks;
  }
}
