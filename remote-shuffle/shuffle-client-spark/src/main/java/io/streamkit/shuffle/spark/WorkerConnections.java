package io.streamkit.shuffle.spark;

import io.netty.handler.ssl.SslContext;
import io.streamkit.shuffle.common.RpcClient;
import io.streamkit.shuffle.common.ShuffleAuth;
import io.streamkit.shuffle.common.WorkerInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The connections of one executor to the shuffle workers, shared by its tasks. A worker that failed
 * is skipped for a while, so that tasks go to the backups at once instead of each waiting for a
 * connection that cannot succeed.
 */
final class WorkerConnections {
  private final Map<String, RpcClient> clients = new ConcurrentHashMap<>();
  private final Map<String, Long> deadUntil = new ConcurrentHashMap<>();
  private final Duration connectTimeout;
  private final Duration retryAfter;
  private final ExecutorService failovers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "streamkit-shuffle-failover");
            t.setDaemon(true);
            return t;
          });

  private final SslContext tls;
  private volatile ShuffleAuth.Credentials credentials;

  WorkerConnections(Duration connectTimeout, Duration retryAfter) {
    this(connectTimeout, retryAfter, null);
  }

  /**
   * @param tls TLS towards the workers, or null
   */
  WorkerConnections(Duration connectTimeout, Duration retryAfter, SslContext tls) {
    this.connectTimeout = connectTimeout;
    this.retryAfter = retryAfter;
    this.tls = tls;
  }

  /**
   * How new connections authenticate (null: not at all). One executor serves one application, so
   * every task brings the same credentials.
   */
  void authenticateAs(ShuffleAuth.Credentials credentials) {
    this.credentials = credentials;
  }

  /**
   * Where pushes fail over: failures arrive on Netty event loops, and failing over may connect to a
   * backup, which blocks.
   */
  Executor failoverExecutor() {
    return failovers;
  }

  boolean isDead(WorkerInfo worker) {
    Long until = deadUntil.get(worker.address());
    return until != null && until - System.nanoTime() > 0;
  }

  void markDead(WorkerInfo worker) {
    deadUntil.put(worker.address(), System.nanoTime() + retryAfter.toNanos());
    RpcClient client = clients.remove(worker.address());
    if (client != null) {
      client.close();
    }
  }

  RpcClient get(WorkerInfo worker) throws IOException {
    if (isDead(worker)) {
      throw new IOException("worker " + worker + " failed recently");
    }
    RpcClient client = clients.get(worker.address());
    if (client != null && client.isActive()) {
      return client;
    }
    synchronized (this) {
      client = clients.get(worker.address());
      if (client == null || !client.isActive()) {
        client = RpcClient.connect(worker.host(), worker.port(), connectTimeout, tls);
        ShuffleAuth.Credentials auth = credentials;
        if (auth != null) {
          try {
            client.authenticate(auth, connectTimeout);
          } catch (IOException e) {
            client.close();
            throw e;
          }
        }
        clients.put(worker.address(), client);
      }
      return client;
    }
  }

  void close() {
    failovers.shutdown();
    clients.values().forEach(RpcClient::close);
    clients.clear();
  }
}
