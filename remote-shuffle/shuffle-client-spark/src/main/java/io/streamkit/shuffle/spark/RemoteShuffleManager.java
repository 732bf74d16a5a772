package io.streamkit.shuffle.spark;

import io.netty.handler.ssl.SslContext;
import io.streamkit.shuffle.common.MessageType;
import io.streamkit.shuffle.common.RpcClient;
import io.streamkit.shuffle.common.ShuffleAuth;
import io.streamkit.shuffle.common.ShufflePaths;
import io.streamkit.shuffle.common.ShuffleSlots;
import io.streamkit.shuffle.common.TlsContexts;
import io.streamkit.shuffle.common.Wire;
import io.streamkit.shuffle.common.WorkerInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.network.buffer.ManagedBuffer;
import org.apache.spark.network.shuffle.MergedBlockMeta;
import org.apache.spark.shuffle.ShuffleBlockResolver;
import org.apache.spark.shuffle.ShuffleHandle;
import org.apache.spark.shuffle.ShuffleManager;
import org.apache.spark.shuffle.ShuffleReadMetricsReporter;
import org.apache.spark.shuffle.ShuffleReader;
import org.apache.spark.shuffle.ShuffleWriteMetricsReporter;
import org.apache.spark.shuffle.ShuffleWriter;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.ShuffleMergedBlockId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * {@code spark.shuffle.manager=io.streamkit.shuffle.spark.RemoteShuffleManager}: map tasks push
 * their output to shuffle workers, which append each reduce partition to one file per worker on a
 * distributed file system; reduce tasks read those files straight from the file system. The driver
 * asks the master for workers once per shuffle; the answer travels in the shuffle handle.
 *
 * <p>Each successful map attempt is registered under a location of its own ({@code sk-<attempt>} on
 * host {@value #LOCATION_HOST}), not under its executor: losing an executor then loses no map
 * output, and a fetch failure makes Spark re-run exactly the map whose block was bad.
 */
public final class RemoteShuffleManager implements ShuffleManager {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteShuffleManager.class);

  /** The host of every map output location; no executor ever runs there. */
  static final String LOCATION_HOST = "streamkit-shuffle";

  private final SparkConf conf;
  private final boolean isDriver;
  private final ShuffleOptions options;
  private final Map<Integer, RemoteShuffleHandle<?, ?, ?>> registered = new ConcurrentHashMap<>();
  private final WorkerConnections workers;
  private final SslContext tls;

  /** The application's secret, made by the driver; null without authentication. */
  private final byte[] appSecret;

  private volatile RpcClient master;
  private volatile Configuration hadoop;

  public RemoteShuffleManager(SparkConf conf, boolean isDriver) {
    if (conf.getBoolean("spark.shuffle.service.enabled", false)) {
      throw new IllegalArgumentException(
          "RemoteShuffleManager keeps shuffle data on shuffle workers; set"
              + " spark.shuffle.service.enabled=false (the external shuffle service would serve"
              + " nothing)");
    }
    setIfMissing(conf, "spark.shuffle.sort.io.plugin.class", RemoteShuffleDataIO.class.getName());
    setIfMissing(conf, "spark.dynamicAllocation.shuffleTracking.enabled", "false");
    setIfMissing(conf, "spark.shuffle.reduceLocality.enabled", "false");
    setIfMissing(conf, "spark.sql.adaptive.localShuffleReader.enabled", "false");
    this.conf = conf;
    this.isDriver = isDriver;
    this.options = ShuffleOptions.from(conf);
    this.tls = tls(options);
    this.workers = new WorkerConnections(options.rpcTimeout, options.retryWorkerAfter, tls);
    this.appSecret = isDriver && options.authentication ? ShuffleAuth.randomBytes() : null;
  }

  private static SslContext tls(ShuffleOptions options) {
    if (!options.ssl) {
      return null;
    }
    try {
      return TlsContexts.client(
          options.truststore.isEmpty() ? null : java.nio.file.Path.of(options.truststore),
          options.truststorePassword,
          ShuffleOptions.SSL_TRUSTSTORE);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private ShuffleAuth.Credentials credentials(String appId) {
    return appSecret == null
        ? null
        : new ShuffleAuth.Credentials(ShuffleAuth.app(appId), appSecret);
  }

  private static void setIfMissing(SparkConf conf, String key, String value) {
    if (!conf.contains(key)) {
      conf.set(key, value);
    }
  }

  static String locationId(long attemptId) {
    return "sk-" + attemptId;
  }

  @Override
  public <K, V, C> ShuffleHandle registerShuffle(int shuffleId, ShuffleDependency<K, V, C> dep) {
    String appId = conf.getAppId();
    int partitions = dep.partitioner().numPartitions();
    ByteBuffer answer =
        callMaster(
            MessageType.REQUEST_SLOTS,
            buf -> {
              Wire.writeString(buf, appId);
              buf.writeInt(shuffleId);
              buf.writeInt(partitions);
            });
    ShuffleSlots slots = ShuffleSlots.read(answer);
    workers.authenticateAs(credentials(appId));
    RemoteShuffleHandle<K, V, C> handle =
        new RemoteShuffleHandle<>(shuffleId, dep, appId, slots, appSecret);
    registered.put(shuffleId, handle);
    return handle;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> ShuffleWriter<K, V> getWriter(
      ShuffleHandle handle, long mapId, TaskContext context, ShuffleWriteMetricsReporter metrics) {
    workers.authenticateAs(((RemoteShuffleHandle<?, ?, ?>) handle).credentials());
    return new RemoteShuffleWriter<>(
        (RemoteShuffleHandle<K, V, ?>) handle, mapId, context, metrics, workers, options);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, C> ShuffleReader<K, C> getReader(
      ShuffleHandle handle,
      int startMapIndex,
      int endMapIndex,
      int startPartition,
      int endPartition,
      TaskContext context,
      ShuffleReadMetricsReporter metrics) {
    return new RemoteShuffleReader<>(
        (RemoteShuffleHandle<K, ?, C>) handle,
        startMapIndex,
        endMapIndex,
        startPartition,
        endPartition,
        context,
        metrics,
        hadoop());
  }

  /**
   * On the driver: the workers close the shuffle's files, the master forgets it, and its files are
   * deleted. Executors hold nothing per shuffle.
   */
  @Override
  public boolean unregisterShuffle(int shuffleId) {
    RemoteShuffleHandle<?, ?, ?> handle = registered.remove(shuffleId);
    if (isDriver && handle != null) {
      release(handle.appId(), shuffleId, handle.slots());
    }
    return true;
  }

  private void release(String appId, int shuffleId, ShuffleSlots slots) {
    for (WorkerInfo worker : slots.workers()) {
      try {
        workers
            .get(worker)
            .callAndWait(
                MessageType.CLOSE_SHUFFLE,
                options.rpcTimeout,
                buf -> {
                  Wire.writeString(buf, appId);
                  buf.writeInt(shuffleId);
                });
      } catch (IOException e) {
        LOG.warn("Cannot close shuffle {} on {}: {}", shuffleId, worker, e.getMessage());
      }
    }
    for (String root : slots.storageRoots()) {
      Path dir = ShufflePaths.shuffleDir(root, appId, shuffleId);
      try {
        dir.getFileSystem(hadoop()).delete(dir, true);
      } catch (IOException e) {
        LOG.warn("Cannot delete {}: {}", dir, e.getMessage());
      }
    }
    try {
      callMaster(
          MessageType.UNREGISTER_SHUFFLE,
          buf -> {
            Wire.writeString(buf, appId);
            buf.writeInt(shuffleId);
          });
    } catch (RuntimeException e) {
      LOG.warn("Cannot unregister shuffle {} at the master: {}", shuffleId, e.getMessage());
    }
  }

  @Override
  public ShuffleBlockResolver shuffleBlockResolver() {
    return NoBlocks.INSTANCE;
  }

  @Override
  public void stop() {
    if (isDriver) {
      for (Integer shuffleId : registered.keySet()) {
        unregisterShuffle(shuffleId);
      }
      if (appSecret != null && master != null && conf.getOption("spark.app.id").isDefined()) {
        try {
          String appId = conf.getAppId();
          master.callAndWait(
              MessageType.UNREGISTER_APP, options.rpcTimeout, buf -> Wire.writeString(buf, appId));
        } catch (IOException e) {
          LOG.warn("Cannot unregister the application at the shuffle master: {}", e.getMessage());
        }
      }
    }
    workers.close();
    if (master != null) {
      master.close();
    }
  }

  private Configuration hadoop() {
    if (hadoop == null) {
      SparkConf sparkConf = SparkEnv.get() != null ? SparkEnv.get().conf() : conf;
      hadoop = SparkHadoopUtil.get().newConfiguration(sparkConf);
    }
    return hadoop;
  }

  /** A master call, reconnecting once: the master may have restarted since the last call. */
  private ByteBuffer callMaster(
      MessageType type, java.util.function.Consumer<io.netty.buffer.ByteBuf> body) {
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        RpcClient client = master;
        if (client == null || !client.isActive()) {
          synchronized (this) {
            client = master;
            if (client == null || !client.isActive()) {
              client = connectMaster();
              master = client;
            }
          }
        }
        return client.callAndWait(type, options.rpcTimeout, body);
      } catch (IOException e) {
        last = e;
        try {
          Thread.sleep(500L * (attempt + 1));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    throw new IllegalStateException(
        type
            + " at the shuffle master "
            + options.master
            + " ("
            + ShuffleOptions.MASTER
            + ") failed: "
            + (last == null ? "interrupted" : last.getMessage()),
        last);
  }

  /**
   * A new connection to the master; with authentication the application's secret and user are
   * registered (again, after a master restart: the same secret is a retry) and the connection
   * proves it.
   */
  private RpcClient connectMaster() throws IOException {
    RpcClient client =
        RpcClient.connect(options.masterHost(), options.masterPort(), options.rpcTimeout, tls);
    if (appSecret == null) {
      return client;
    }
    try {
      String appId = conf.getAppId();
      // the user executors read the files as; workers grant it the application's directory
      String user = UserGroupInformation.getCurrentUser().getShortUserName();
      client.callAndWait(
          MessageType.REGISTER_APP,
          options.rpcTimeout,
          buf -> {
            Wire.writeString(buf, appId);
            Wire.writeString(buf, user);
            buf.writeBytes(appSecret);
          });
      client.authenticate(credentials(appId), options.rpcTimeout);
      return client;
    } catch (IOException e) {
      client.close();
      throw e;
    }
  }

  /** Spark serves no shuffle blocks itself: they live on the shuffle workers' file system. */
  private static final class NoBlocks implements ShuffleBlockResolver {
    static final NoBlocks INSTANCE = new NoBlocks();

    @Override
    public ManagedBuffer getBlockData(BlockId blockId, Option<String[]> dirs) {
      throw new UnsupportedOperationException(
          blockId + " lives on the streamkit shuffle workers, not in an executor");
    }

    @Override
    public scala.collection.immutable.Seq<ManagedBuffer> getMergedBlockData(
        ShuffleMergedBlockId blockId, Option<String[]> dirs) {
      throw new UnsupportedOperationException("push-based shuffle is not used with streamkit");
    }

    @Override
    public MergedBlockMeta getMergedBlockMeta(ShuffleMergedBlockId blockId, Option<String[]> dirs) {
      throw new UnsupportedOperationException("push-based shuffle is not used with streamkit");
    }

    @Override
    public void stop() {}
  }
}
