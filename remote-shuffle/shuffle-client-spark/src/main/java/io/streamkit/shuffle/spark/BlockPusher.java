package io.streamkit.shuffle.spark;

import io.streamkit.shuffle.common.BlockHeader;
import io.streamkit.shuffle.common.MessageType;
import io.streamkit.shuffle.common.RpcClient;
import io.streamkit.shuffle.common.ShuffleSlots;
import io.streamkit.shuffle.common.Wire;
import io.streamkit.shuffle.common.WorkerInfo;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes one map attempt's blocks asynchronously, with at most {@code max-in-flight} bytes waiting
 * for acknowledgements. A block whose primary worker fails goes to the partition's backup, and so
 * do the partition's later blocks. A block may then exist twice (the primary wrote it but its
 * answer was lost): each carries (attempt, partition, sequence number), and readers drop the copy.
 * {@link #finish} waits for every answer and then for every worker used to flush its files; only
 * then is the map done. If a worker that took blocks fails before flushing them, the map fails and
 * Spark runs it again.
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
  private final AtomicReferenceArray<WorkerInfo> target;
  private final Semaphore inFlight;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Set<WorkerInfo> used = ConcurrentHashMap.newKeySet();

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
    } catch (IOException e) {
      failed(worker, partition, seq, crc, data, permits, first, e);
      return;
    }
    used.add(worker);
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
                inFlight.release(permits);
              } else {
                failed(worker, partition, seq, crc, data, permits, first, error);
              }
            });
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

  /** Waits for every acknowledgement, then has every worker used flush this shuffle's files. */
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
    for (WorkerInfo worker : used) {
      try {
        connections
            .get(worker)
            .callAndWait(
                MessageType.MAP_END,
                options.pushTimeout,
                buf -> {
                  Wire.writeString(buf, appId);
                  buf.writeInt(shuffleId);
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
