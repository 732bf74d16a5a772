package io.streamkit.shuffle.spark;

import io.streamkit.shuffle.common.BlockHeader;
import io.streamkit.shuffle.common.MessageType;
import io.streamkit.shuffle.common.RpcClient;
import io.streamkit.shuffle.common.ShuffleSlots;
import io.streamkit.shuffle.common.Wire;
import io.streamkit.shuffle.common.WorkerInfo;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes one map attempt's blocks asynchronously, with at most {@code max-in-flight} bytes waiting
 * for acknowledgements. A block whose primary worker fails goes to the partition's backup, and so
 * do the partition's later blocks. A block may then exist twice (the primary wrote it but its
 * answer was lost): each carries (attempt, partition, sequence number), and readers drop the copy.
 * Failover runs on a thread of its own, never on the Netty event loop that reported the failure,
 * since it may have to connect to the backup.
 *
 * <p>{@link #finish} waits for every answer and then sends a map end to every worker that
 * acknowledged blocks of this attempt. The map end carries, for each partition the worker took
 * blocks of, how many blocks and bytes the attempt pushed for that partition in all; the worker
 * flushes its files and records that count in the partition's index, and readers check it. Only
 * then is the map done. If a worker that acknowledged blocks fails before flushing them, the map
 * fails and Spark runs it again; a worker that failed before acknowledging any is not needed.
 */
final class BlockPusher {
  private static final Logger LOG = LoggerFactory.getLogger(BlockPusher.class);

  private final WorkerConnections connections;
  private final String appId;
  private final int shuffleId;
  private final ShuffleSlots slots;
  private final int mapIndex;
  private final long attemptId;
  private final ShuffleOptions options;
  private final int[] nextSeq;
  private final long[] pushedBytes;
  private final AtomicReferenceArray<WorkerInfo> target;
  private final Semaphore inFlight;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicInteger failovers = new AtomicInteger();

  /** Per worker, the partitions of which it acknowledged blocks. */
  private final Map<WorkerInfo, Set<Integer>> acknowledged = new ConcurrentHashMap<>();

  BlockPusher(
      WorkerConnections connections,
      RemoteShuffleHandle<?, ?, ?> handle,
      int mapIndex,
      long attemptId,
      ShuffleOptions options) {
    this.connections = connections;
    this.appId = handle.appId();
    this.shuffleId = handle.shuffleId();
    this.slots = handle.slots();
    this.mapIndex = mapIndex;
    this.attemptId = attemptId;
    this.options = options;
    this.nextSeq = new int[slots.partitions()];
    this.pushedBytes = new long[slots.partitions()];
    this.target = new AtomicReferenceArray<>(slots.partitions());
    this.inFlight = new Semaphore((int) options.maxInFlight);
  }

  /** Sends a block; blocks the caller while too many bytes wait for acknowledgements. */
  void push(int partition, byte[] data) throws IOException {
    rethrow();
    int permits = Math.min(data.length, (int) options.maxInFlight);
    try {
      if (!inFlight.tryAcquire(permits, options.pushTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException(
            "shuffle workers did not acknowledge blocks within " + options.pushTimeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while pushing", e);
    }
    int seq = nextSeq[partition]++;
    pushedBytes[partition] += data.length;
    int crc = BlockHeader.crc(data, data.length);
    WorkerInfo worker = target.get(partition);
    if (worker == null) {
      worker =
          connections.isDead(slots.primary(partition))
              ? slots.backup(partition)
              : slots.primary(partition);
      target.set(partition, worker);
    }
    send(worker, partition, seq, crc, data, permits, true);
  }

  private void send(
      WorkerInfo worker, int partition, int seq, int crc, byte[] data, int permits, boolean first) {
    RpcClient client;
    try {
      client = connections.get(worker);
    } catch (IOException | RuntimeException e) {
      failed(worker, partition, seq, crc, data, permits, first, e);
      return;
    }
    client
        .call(
            MessageType.PUSH,
            buf -> {
              Wire.writeString(buf, appId);
              buf.writeInt(shuffleId);
              buf.writeInt(partition);
              buf.writeInt(mapIndex);
              buf.writeLong(attemptId);
              buf.writeInt(seq);
              buf.writeInt(crc);
              buf.writeInt(data.length);
            },
            data)
        .orTimeout(options.pushTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (ok, error) -> {
              if (error == null) {
                acknowledged
                    .computeIfAbsent(worker, w -> ConcurrentHashMap.newKeySet())
                    .add(partition);
                inFlight.release(permits);
              } else {
                // Often called on a Netty event loop (a closed connection fails its requests
                // there): failover may connect, which must not happen on an event loop.
                failover(() -> failed(worker, partition, seq, crc, data, permits, first, error));
              }
            });
  }

  private void failover(Runnable task) {
    try {
      connections.failoverExecutor().execute(task);
    } catch (RuntimeException e) { // shut down: the executor is stopping
      task.run();
    }
  }

  private void failed(
      WorkerInfo worker,
      int partition,
      int seq,
      int crc,
      byte[] data,
      int permits,
      boolean first,
      Throwable error) {
    WorkerInfo backup =
        slots.backup(partition).equals(worker) ? slots.primary(partition) : slots.backup(partition);
    if (first && !backup.equals(worker)) {
      LOG.warn(
          "Push of shuffle {} partition {} to {} failed ({}); switching to {}",
          shuffleId,
          partition,
          worker,
          error.getMessage(),
          backup);
      connections.markDead(worker);
      target.set(partition, backup);
      failovers.incrementAndGet();
      send(backup, partition, seq, crc, data, permits, false);
    } else {
      failure.compareAndSet(
          null,
          new IOException(
              "cannot push shuffle "
                  + shuffleId
                  + " partition "
                  + partition
                  + " to "
                  + worker
                  + " nor its backup: "
                  + error.getMessage(),
              error));
      inFlight.release(permits);
    }
  }

  /** How many blocks went to a backup because their worker failed. */
  int failovers() {
    return failovers.get();
  }

  /**
   * Waits for every acknowledgement, then has every worker that acknowledged blocks flush this
   * shuffle's files and record the attempt's end for the partitions it took.
   */
  void finish() throws IOException {
    int all = (int) options.maxInFlight;
    try {
      if (!inFlight.tryAcquire(all, options.pushTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException(
            "shuffle workers did not acknowledge blocks within " + options.pushTimeout);
      }
      inFlight.release(all);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while finishing a push", e);
    }
    rethrow();
    for (Map.Entry<WorkerInfo, Set<Integer>> entry : acknowledged.entrySet()) {
      WorkerInfo worker = entry.getKey();
      Set<Integer> partitions = entry.getValue();
      try {
        connections
            .get(worker)
            .callAndWait(
                MessageType.MAP_END,
                options.pushTimeout,
                buf -> {
                  Wire.writeString(buf, appId);
                  buf.writeInt(shuffleId);
                  buf.writeInt(mapIndex);
                  buf.writeLong(attemptId);
                  buf.writeInt(partitions.size());
                  for (int partition : partitions) {
                    buf.writeInt(partition);
                    buf.writeInt(nextSeq[partition]);
                    buf.writeLong(pushedBytes[partition]);
                  }
                });
      } catch (IOException e) {
        connections.markDead(worker);
        throw new IOException(
            "worker "
                + worker
                + " failed before it flushed this map's blocks ("
                + e.getMessage()
                + "); Spark will run the map again",
            e);
      }
    }
  }

  private void rethrow() throws IOException {
    Throwable error = failure.get();
    if (error != null) {
      throw error instanceof IOException ? (IOException) error : new IOException(error);
    }
  }
}
