package io.streamkit.shuffle.server;

import io.streamkit.shuffle.common.WorkerInfo;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A master and workers in this JVM, on free loopback ports: for local runs, tests and benchmarks.
 * Production runs them as separate processes with {@code bin/streamkit-shuffle}.
 */
public final class EmbeddedShuffleCluster implements Closeable {
  private final Path workDir;
  private final String storageRoot;
  private final Map<String, String> extra;
  private final List<ShuffleWorker> workers = new ArrayList<>();
  private ShuffleMaster master;
  private int masterPort;

  private EmbeddedShuffleCluster(Path workDir, String storageRoot, Map<String, String> extra) {
    this.workDir = workDir;
    this.storageRoot = storageRoot;
    this.extra = extra;
  }

  /**
   * @param workDir the master's RocksDB store goes here
   * @param storageRoot where workers write partition files, e.g. {@code file:///...} or {@code
   *     hdfs://...}
   * @param extra more server options (both master and worker keys may be given)
   */
  public static EmbeddedShuffleCluster start(
      Path workDir, String storageRoot, int workerCount, Map<String, String> extra)
      throws IOException {
    EmbeddedShuffleCluster cluster = new EmbeddedShuffleCluster(workDir, storageRoot, extra);
    try {
      cluster.startMaster(0);
      for (int i = 0; i < workerCount; i++) {
        cluster.addWorker();
      }
      cluster.awaitLiveWorkers(workerCount);
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private void startMaster(int port) throws IOException {
    Map<String, String> conf = options("streamkit.shuffle.master.");
    conf.put(ServerConfig.MASTER_HOST, "127.0.0.1");
    conf.put(ServerConfig.MASTER_PORT, Integer.toString(port));
    conf.put(ServerConfig.MASTER_STORE_DIR, workDir.resolve("master-store").toString());
    conf.putIfAbsent(ServerConfig.MASTER_WORKER_TIMEOUT, "3s");
    master = new ShuffleMaster(ServerConfig.of(conf));
    masterPort = master.port();
  }

  /** Starts one more worker and returns its index. */
  public synchronized int addWorker() throws IOException {
    Map<String, String> conf = options("streamkit.shuffle.worker.");
    conf.put(ServerConfig.WORKER_HOST, "127.0.0.1");
    conf.put(ServerConfig.WORKER_PORT, "0");
    conf.put(ServerConfig.WORKER_MASTER, masterAddress());
    conf.put(ServerConfig.WORKER_STORAGE, storageRoot);
    conf.putIfAbsent(ServerConfig.WORKER_HEARTBEAT, "200ms");
    conf.put(ServerConfig.WORKER_ID, "worker-" + workers.size());
    workers.add(new ShuffleWorker(ServerConfig.of(conf)));
    return workers.size() - 1;
  }

  private Map<String, String> options(String prefix) {
    Map<String, String> conf = new HashMap<>();
    extra.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)
              || k.startsWith(ServerConfig.HADOOP_PREFIX)
              || k.startsWith("streamkit.shuffle.authentication.")
              || k.startsWith("streamkit.shuffle.ssl.")) {
            conf.put(k, v);
          }
        });
    return conf;
  }

  /** Waits until the master lists this many live workers. */
  public void awaitLiveWorkers(int count) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (master.liveWorkers().size() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + master.liveWorkers().size() + " of " + count + " workers registered");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  public String masterAddress() {
    return "127.0.0.1:" + masterPort;
  }

  public ShuffleMaster master() {
    return master;
  }

  public ShuffleWorker worker(int index) {
    return workers.get(index);
  }

  public List<WorkerInfo> workerInfos() {
    return workers.stream().map(ShuffleWorker::info).toList();
  }

  /** Crashes a worker: connections drop, unflushed bytes are lost. */
  public void killWorker(int index) {
    workers.get(index).kill();
  }

  /** Stops the master and starts a new one on the same port and store. */
  public synchronized void restartMaster() throws IOException {
    master.close();
    startMaster(masterPort);
  }

  @Override
  public void close() {
    for (ShuffleWorker worker : workers) {
      try {
        worker.close();
      } catch (RuntimeException e) {
        // closing what is left
      }
    }
    if (master != null) {
      master.close();
    }
  }
}
