package io.streamkit.shuffle.server;

import io.netty.buffer.ByteBuf;
import io.streamkit.shuffle.common.MessageType;
import io.streamkit.shuffle.common.ShuffleSlots;
import io.streamkit.shuffle.common.Wire;
import io.streamkit.shuffle.common.WorkerInfo;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shuffle master: workers register through their heartbeats, new shuffles get a primary and a
 * backup worker per partition, and the assignments are kept in RocksDB so that a restarted master
 * still answers for the shuffles in flight. Producers and readers never need the master after a
 * shuffle is registered: the assignment travels in Spark's shuffle handle.
 */
public final class ShuffleMaster implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ShuffleMaster.class);

  private final Map<String, LiveWorker> workers = new ConcurrentHashMap<>();
  private final MasterStore store;
  private final AssignmentStrategy strategy;
  private final Duration workerTimeout;
  private final ServerSecurity security;
  private final RpcServer server;

  private record LiveWorker(WorkerInfo info, long lastSeenNanos, long bufferedBytes) {}

  public ShuffleMaster(ServerConfig config) throws IOException {
    this.store = new MasterStore(Path.of(config.get(ServerConfig.MASTER_STORE_DIR)));
    this.strategy = AssignmentStrategy.named(config.get(ServerConfig.MASTER_ASSIGNMENT));
    this.workerTimeout = config.getDuration(ServerConfig.MASTER_WORKER_TIMEOUT);
    try {
      this.security = new ServerSecurity(config);
      security.appSecrets(
          (appId, fresh) -> {
            try {
              AppRegistration app = store.app(appId);
              return CompletableFuture.completedFuture(app == null ? null : app.secret());
            } catch (IOException e) {
              return CompletableFuture.failedFuture(e);
            }
          });
      this.server =
          new RpcServer(
              "shuffle-master",
              config.get(ServerConfig.MASTER_HOST),
              config.getInt(ServerConfig.MASTER_PORT),
              2,
              security,
              this::handle);
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    LOG.info(
        "Shuffle master listening on port {} (authentication {}, TLS {}), {} shuffles recovered"
            + " from {}",
        port(),
        security.authentication() ? "on" : "off",
        security.serverTls() != null ? "on" : "off",
        store.all().size(),
        config.get(ServerConfig.MASTER_STORE_DIR));
  }

  public int port() {
    return server.port();
  }

  /** The workers that have sent a heartbeat within the timeout. */
  public List<WorkerInfo> liveWorkers() {
    long now = System.nanoTime();
    List<WorkerInfo> live = new ArrayList<>();
    for (LiveWorker worker : workers.values()) {
      if (now - worker.lastSeenNanos() <= workerTimeout.toNanos()) {
        live.add(worker.info());
      }
    }
    live.sort((a, b) -> a.id().compareTo(b.id()));
    return live;
  }

  /** The assignment of a shuffle in flight, or null. */
  public ShuffleSlots slots(String appId, int shuffleId) throws IOException {
    return store.get(appId, shuffleId);
  }

  /** How many requests and handshakes this master refused since the start. */
  public long refusedRequests() {
    return security.refused();
  }

  private void handle(MessageType type, ByteBuf body, RpcServer.Reply reply) throws IOException {
    switch (type) {
      case REGISTER_APP -> registerApp(body, reply);
      case UNREGISTER_APP -> {
        String appId = Wire.readString(body);
        if (security.permits(reply, type, appId)) {
          store.removeApp(appId);
          reply.ok();
        }
      }
      case GET_APP_SECRET -> {
        String appId = Wire.readString(body);
        if (security.permits(reply, type, null)) {
          AppRegistration app = store.app(appId);
          reply.ok(
              64,
              buf -> {
                buf.writeBoolean(app != null);
                if (app != null) {
                  app.write(buf);
                }
              });
        }
      }
      case HEARTBEAT -> {
        if (!security.permits(reply, type, null)) {
          return;
        }
        WorkerInfo info = WorkerInfo.read(body);
        long buffered = body.readLong();
        LiveWorker previous =
            workers.put(info.id(), new LiveWorker(info, System.nanoTime(), buffered));
        if (previous == null || !previous.info().equals(info)) {
          LOG.info("Worker {} registered (storage {})", info, info.storageRoot());
        }
        reply.ok();
      }
      case REQUEST_SLOTS -> {
        String appId = Wire.readString(body);
        int shuffleId = body.readInt();
        if (!security.permits(reply, type, appId)) {
          return;
        }
        int partitions = body.readInt();
        ShuffleSlots slots = assign(appId, shuffleId, partitions);
        byte[] bytes = slots.toBytes();
        reply.ok(bytes.length, buf -> buf.writeBytes(bytes));
      }
      case GET_SLOTS -> {
        String appId = Wire.readString(body);
        int shuffleId = body.readInt();
        if (!security.permits(reply, type, appId)) {
          return;
        }
        ShuffleSlots slots = store.get(appId, shuffleId);
        if (slots == null) {
          reply.error("shuffle " + shuffleId + " of " + appId + " is unknown to the master");
        } else {
          byte[] bytes = slots.toBytes();
          reply.ok(bytes.length, buf -> buf.writeBytes(bytes));
        }
      }
      case UNREGISTER_SHUFFLE -> {
        String appId = Wire.readString(body);
        int shuffleId = body.readInt();
        if (!security.permits(reply, type, appId)) {
          return;
        }
        store.remove(appId, shuffleId);
        reply.ok();
      }
      case LIST_WORKERS -> {
        List<WorkerInfo> live = liveWorkers();
        reply.ok(
            64 * live.size(),
            buf -> {
              buf.writeInt(live.size());
              live.forEach(w -> w.write(buf));
            });
      }
      default -> reply.error("the master does not handle " + type);
    }
  }

  /**
   * A driver registers its application's secret, and the user its executors read files as, before
   * it authenticates. The first registration of an application id wins: the same secret again is a
   * retry, another one is refused.
   */
  private void registerApp(ByteBuf body, RpcServer.Reply reply) throws IOException {
    String appId = Wire.readString(body);
    String user = Wire.readString(body);
    byte[] secret = new byte[body.readableBytes()];
    body.readBytes(secret);
    if (secret.length < 16) {
      security.refuse(reply, "the secret of application " + appId + " is too short");
      return;
    }
    if (!security.authentication()) {
      reply.error(
          "authentication is off on the shuffle master: set "
              + ServerConfig.AUTH_ENABLED
              + "=true on the master and workers, or turn it off on the application");
      return;
    }
    synchronized (this) {
      AppRegistration known = store.app(appId);
      if (known == null) {
        store.putApp(appId, new AppRegistration(user, secret));
        LOG.info("Application {} of user {} registered", appId, user);
      } else if (!java.security.MessageDigest.isEqual(known.secret(), secret)) {
        security.refuse(
            reply, "application " + appId + " is already registered with another secret");
        return;
      }
    }
    reply.ok();
  }

  private synchronized ShuffleSlots assign(String appId, int shuffleId, int partitions)
      throws IOException {
    ShuffleSlots existing = store.get(appId, shuffleId);
    if (existing != null && existing.partitions() == partitions) {
      return existing; // a retried request, or a driver asking again after a master restart
    }
    List<WorkerInfo> live = liveWorkers();
    if (live.isEmpty()) {
      throw new IOException(
          "no live shuffle workers: start one with 'bin/streamkit-shuffle worker' pointing"
              + " streamkit.shuffle.worker.master at this master");
    }
    ShuffleSlots slots = strategy.assign(live, load(), partitions);
    store.put(appId, shuffleId, slots);
    LOG.info(
        "Shuffle {} of {}: {} partitions on {} workers", shuffleId, appId, partitions, live.size());
    return slots;
  }

  /** Partitions of shuffles in flight per worker, plus one per MB it has waiting to be written. */
  private Map<String, Long> load() {
    Map<String, Long> load = new HashMap<>();
    for (ShuffleSlots slots : store.all().values()) {
      for (int p = 0; p < slots.partitions(); p++) {
        load.merge(slots.primary(p).id(), 1L, Long::sum);
      }
    }
    for (LiveWorker worker : workers.values()) {
      load.merge(worker.info().id(), worker.bufferedBytes() >> 20, Long::sum);
    }
    return load;
  }

  @Override
  public void close() {
    server.close();
    store.close();
    LOG.info("Shuffle master stopped");
  }
}
