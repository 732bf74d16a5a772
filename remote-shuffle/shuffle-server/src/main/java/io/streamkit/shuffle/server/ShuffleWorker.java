package io.streamkit.shuffle.server;

import io.netty.buffer.ByteBuf;
import io.streamkit.shuffle.common.BlockHeader;
import io.streamkit.shuffle.common.IndexEntry;
import io.streamkit.shuffle.common.MessageType;
import io.streamkit.shuffle.common.RpcClient;
import io.streamkit.shuffle.common.ShufflePaths;
import io.streamkit.shuffle.common.Wire;
import io.streamkit.shuffle.common.WorkerInfo;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shuffle worker: receives blocks pushed by map tasks and appends each to its partition's file
 * (one file per partition and worker) through Hadoop's {@code FileSystem}, with a header and the
 * producer's CRC32. A map's end flushes the files of its shuffle ({@code hflush}, or {@code
 * hsync}), and only then does the map count as done. Readers read the files straight from the file
 * system.
 */
public final class ShuffleWorker implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ShuffleWorker.class);

  private record FileKey(String appId, int shuffleId, int partition) {}

  private final WorkerInfo info;
  private final FileSystem fs;
  private final boolean hsync;
  private final MemoryBudget budget;
  private final ExecutorService[] writers;
  private final Map<FileKey, PartitionFile> files = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong(System.currentTimeMillis() * 1000);
  private final AtomicLong blocksReceived = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final RpcServer server;
  private final ScheduledExecutorService heartbeats;
  private final String masterAddress;
  private final ServerSecurity security;

  /** Applications' registrations as the master gave them, so that only a new connection asks. */
  private final Map<String, AppRegistration> apps = new ConcurrentHashMap<>();

  private final AppDirectories appDirectories;

  private volatile RpcClient master;

  public ShuffleWorker(ServerConfig config) throws IOException {
    String root = config.get(ServerConfig.WORKER_STORAGE);
    FileSystem fileSystem = FileSystem.get(URI.create(root), config.hadoop());
    // Blocks carry their own CRC32; the local file system's .crc side files would only cost.
    this.fs = fileSystem instanceof LocalFileSystem local ? local.getRawFileSystem() : fileSystem;
    this.hsync = parseDurability(config.get(ServerConfig.WORKER_DURABILITY));
    this.budget = new MemoryBudget(config.getBytes(ServerConfig.WORKER_MEMORY));
    int threads = config.getInt(ServerConfig.WORKER_THREADS);
    this.writers = new ExecutorService[threads];
    for (int i = 0; i < threads; i++) {
      int index = i;
      writers[i] =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "shuffle-writer-" + index);
                t.setDaemon(true);
                return t;
              });
    }
    String host = config.get(ServerConfig.WORKER_HOST);
    if (host.isEmpty()) {
      host = InetAddress.getLocalHost().getHostName();
    }
    this.security = new ServerSecurity(config);
    security.appSecrets(this::appSecret);
    this.appDirectories = new AppDirectories(fs, root);
    this.server =
        new RpcServer(
            "shuffle-worker",
            "0.0.0.0",
            config.getInt(ServerConfig.WORKER_PORT),
            4,
            security,
            this::handle);
    String id = config.get(ServerConfig.WORKER_ID);
    this.info =
        new WorkerInfo(id.isEmpty() ? host + "-" + server.port() : id, host, server.port(), root);
    this.masterAddress = config.get(ServerConfig.WORKER_MASTER);
    this.heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "shuffle-heartbeat");
              t.setDaemon(true);
              return t;
            });
    long interval = config.getDuration(ServerConfig.WORKER_HEARTBEAT).toMillis();
    heartbeats.scheduleWithFixedDelay(this::heartbeat, 0, interval, TimeUnit.MILLISECONDS);
    LOG.info(
        "Shuffle worker {} writing under {}, master {} (authentication {}, TLS {})",
        info,
        root,
        masterAddress,
        security.authentication() ? "on" : "off",
        security.serverTls() != null ? "on" : "off");
  }

  private static boolean parseDurability(String value) {
    switch (value) {
      case "hflush":
        return false;
      case "hsync":
        return true;
      default:
        throw new IllegalArgumentException(
            ServerConfig.WORKER_DURABILITY + " must be hflush or hsync, not '" + value + "'");
    }
  }

  public WorkerInfo info() {
    return info;
  }

  public long blocksReceived() {
    return blocksReceived.get();
  }

  public long bytesReceived() {
    return bytesReceived.get();
  }

  /** How many times flow control paused a producer's connection since the start. */
  public long flowControlPauses() {
    return budget.pauses();
  }

  /** How many requests and handshakes this worker refused since the start. */
  public long refusedRequests() {
    return security.refused();
  }

  /** The connection to the master, opened (and authenticated) if there is none. */
  private synchronized RpcClient master() throws IOException {
    RpcClient client = master;
    if (client == null || !client.isActive()) {
      String[] hostPort = masterAddress.split(":");
      client =
          RpcClient.connect(
              hostPort[0],
              Integer.parseInt(hostPort[1]),
              Duration.ofSeconds(5),
              security.clientTls());
      if (security.authentication()) {
        try {
          client.authenticate(security.workerCredentials(), Duration.ofSeconds(10));
        } catch (IOException e) {
          client.close();
          throw e;
        }
      }
      master = client;
    }
    return client;
  }

  /** An application's secret, from the master unless a copy is kept and still trusted. */
  private CompletableFuture<byte[]> appSecret(String appId, boolean fresh) {
    AppRegistration known = fresh ? null : apps.get(appId);
    if (known != null) {
      return CompletableFuture.completedFuture(known.secret());
    }
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return master();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            heartbeats)
        .thenCompose(
            client ->
                client.call(MessageType.GET_APP_SECRET, 64, buf -> Wire.writeString(buf, appId)))
        .thenApply(
            answer -> {
              if (answer.get() == 0) {
                apps.remove(appId);
                return null;
              }
              AppRegistration app = AppRegistration.read(answer);
              apps.put(appId, app);
              return app.secret();
            });
  }

  private void heartbeat() {
    try {
      RpcClient client = master();
      client.callAndWait(
          MessageType.HEARTBEAT,
          Duration.ofSeconds(10),
          buf -> {
            info.write(buf);
            buf.writeLong(budget.used());
          });
    } catch (Exception e) {
      LOG.warn("Heartbeat to the master at {} failed: {}", masterAddress, e.getMessage());
    }
  }

  private void handle(MessageType type, ByteBuf body, RpcServer.Reply reply) {
    switch (type) {
      case PUSH -> push(body, reply);
      case MAP_END -> {
        String appId = Wire.readString(body);
        int shuffleId = body.readInt();
        if (security.permits(reply, type, appId)) {
          forEachFile(appId, shuffleId, readEnds(body), false, reply);
        }
      }
      case CLOSE_SHUFFLE -> {
        String appId = Wire.readString(body);
        int shuffleId = body.readInt();
        if (security.permits(reply, type, appId)) {
          forEachFile(appId, shuffleId, Map.of(), true, reply);
        }
      }
      default -> reply.error("a worker does not handle " + type);
    }
  }

  private void push(ByteBuf body, RpcServer.Reply reply) {
    FileKey key = new FileKey(Wire.readString(body), body.readInt(), body.readInt());
    if (!security.permits(reply, MessageType.PUSH, key.appId())) {
      return; // before anything is buffered or written
    }
    int mapIndex = body.readInt();
    long attemptId = body.readLong();
    int seq = body.readInt();
    int crc = body.readInt();
    int length = body.readInt();
    if (length != body.readableBytes()) {
      reply.error("block of " + length + " bytes arrived with " + body.readableBytes());
      return;
    }
    ByteBuf data = body.retainedSlice(body.readerIndex(), length);
    budget.reserve(length, reply.channel());
    writer(key)
        .execute(
            () -> {
              try {
                CRC32 check = new CRC32();
                for (java.nio.ByteBuffer part : data.nioBuffers()) {
                  check.update(part);
                }
                if ((int) check.getValue() != crc) {
                  reply.error("block " + seq + " of attempt " + attemptId + " arrived corrupted");
                  return;
                }
                PartitionFile file = files.get(key);
                if (file == null) {
                  file = open(key);
                  files.put(key, file);
                }
                file.append(new BlockHeader(mapIndex, attemptId, seq, length, crc), data);
                blocksReceived.incrementAndGet();
                bytesReceived.addAndGet(length);
                reply.ok();
              } catch (Exception e) {
                LOG.warn("Cannot append a block of {}", key, e);
                reply.error("cannot write block: " + e.getMessage());
              } finally {
                data.release();
                budget.release(length);
              }
            });
  }

  /**
   * The end entries a map end carries: map index, attempt, and per partition the blocks and bytes
   * the attempt pushed for it (on all workers together). A map end without them ends no attempt.
   */
  private static Map<Integer, IndexEntry> readEnds(ByteBuf body) {
    Map<Integer, IndexEntry> ends = new HashMap<>();
    if (!body.isReadable()) {
      return ends;
    }
    int mapIndex = body.readInt();
    long attemptId = body.readLong();
    int count = body.readInt();
    for (int i = 0; i < count; i++) {
      int partition = body.readInt();
      int blocks = body.readInt();
      long bytes = body.readLong();
      ends.put(partition, IndexEntry.end(mapIndex, attemptId, blocks, bytes));
    }
    return ends;
  }

  private PartitionFile open(FileKey key) throws IOException {
    if (security.authentication()) {
      AppRegistration app = apps.get(key.appId()); // known: the connection authenticated as it
      appDirectories.restrict(key.appId(), app == null ? null : app.user());
    }
    org.apache.hadoop.fs.Path path =
        ShufflePaths.dataFile(
            info.storageRoot(),
            key.appId(),
            key.shuffleId(),
            key.partition(),
            info.id(),
            generation.incrementAndGet());
    return new PartitionFile(fs, path);
  }

  /**
   * Flushes (a map's end) or closes (the shuffle is done) every file of a shuffle, each on its own
   * writer thread so that it follows the appends queued before it; answers when all are done. A
   * map's end entries go into their partitions' files first; a partition without a file here gets
   * one, so that the entry is kept even when none of the attempt's blocks for it was.
   */
  private void forEachFile(
      String appId,
      int shuffleId,
      Map<Integer, IndexEntry> ends,
      boolean close,
      RpcServer.Reply reply) {
    Set<FileKey> keys = new HashSet<>();
    for (FileKey key : files.keySet()) {
      if (key.appId().equals(appId) && key.shuffleId() == shuffleId) {
        keys.add(key);
      }
    }
    ends.keySet().forEach(partition -> keys.add(new FileKey(appId, shuffleId, partition)));
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (FileKey key : keys) {
      IndexEntry end = ends.get(key.partition());
      done.add(
          CompletableFuture.runAsync(
              () -> {
                PartitionFile file = files.get(key);
                try {
                  if (file == null) {
                    if (end == null) {
                      return;
                    }
                    file = open(key);
                    files.put(key, file);
                  }
                  if (end != null) {
                    file.end(end);
                  }
                  if (close) {
                    files.remove(key);
                    file.close();
                  } else {
                    file.flush(hsync);
                  }
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(
                      "cannot "
                          + (close ? "close " : "flush ")
                          + (file == null ? key : file.path())
                          + ": "
                          + e.getMessage(),
                      e);
                }
              },
              writer(key)));
    }
    CompletableFuture.allOf(done.toArray(new CompletableFuture[0]))
        .whenComplete(
            (ok, error) -> {
              if (error == null) {
                reply.ok();
              } else {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                reply.error(cause.getMessage());
              }
            });
  }

  private ExecutorService writer(FileKey key) {
    return writers[Math.floorMod(key.hashCode(), writers.length)];
  }

  /** Graceful stop: no new connections, queued writes finish, every file is synced and closed. */
  @Override
  public void close() {
    heartbeats.shutdownNow();
    server.close();
    for (ExecutorService writer : writers) {
      writer.shutdown();
    }
    for (ExecutorService writer : writers) {
      try {
        writer.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (PartitionFile file : files.values()) {
      try {
        file.close();
      } catch (IOException e) {
        LOG.warn("Cannot close {}", file.path(), e);
      }
    }
    files.clear();
    if (master != null) {
      master.close();
    }
    LOG.info("Shuffle worker {} stopped", info);
  }

  /**
   * Stops like a crash, for fault tests: connections drop, queued blocks and unflushed bytes are
   * lost, files stay as they are on disk.
   */
  public void kill() {
    heartbeats.shutdownNow();
    for (ExecutorService writer : writers) {
      writer.shutdownNow();
    }
    server.close();
    if (master != null) {
      master.close();
    }
    LOG.info("Shuffle worker {} killed", info);
  }
}
