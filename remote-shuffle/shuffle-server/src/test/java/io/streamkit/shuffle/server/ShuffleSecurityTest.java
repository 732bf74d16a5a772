package io.streamkit.shuffle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import io.streamkit.shuffle.common.BlockHeader;
import io.streamkit.shuffle.common.MessageType;
import io.streamkit.shuffle.common.RpcClient;
import io.streamkit.shuffle.common.ShuffleAuth;
import io.streamkit.shuffle.common.ShuffleSlots;
import io.streamkit.shuffle.common.TlsContexts;
import io.streamkit.shuffle.common.Wire;
import io.streamkit.shuffle.common.WorkerInfo;
import io.streamkit.testkit.KeyStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication and TLS of the master and workers, driven through the wire protocol as a rogue
 * client would: every refused request is counted, and a refused push leaves no byte on disk.
 */
class ShuffleSecurityTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String CLUSTER_SECRET = "cluster-secret-for-tests-0123456789";
  private static final byte[] MARKER = "ROGUE-BYTES-7f3a9c".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void pushesAndSlotRequestsWithoutTheRightSecretAreRefusedCountedAndWriteNothing()
      throws Exception {
    Path data = dir.resolve("data");
    try (EmbeddedShuffleCluster cluster = start(data, authentication())) {
      byte[] secret = ShuffleAuth.randomBytes();
      // the real application registers its secret and gets its slots
      try (RpcClient driver = master(cluster, null)) {
        register(driver, "app-1", secret);
        driver.authenticate(app("app-1", secret), TIMEOUT);
        requestSlots(driver, "app-1");
      }
      WorkerInfo worker = cluster.workerInfos().get(0);
      ShuffleWorker server = cluster.worker(0);

      // no handshake at all
      try (RpcClient rogue = RpcClient.connect(worker.host(), worker.port(), TIMEOUT)) {
        assertThatThrownBy(() -> push(rogue, "app-1", MARKER))
            .hasMessageContaining("requires authentication");
      }
      try (RpcClient rogue = master(cluster, null)) {
        assertThatThrownBy(() -> requestSlots(rogue, "app-1"))
            .hasMessageContaining("requires authentication");
      }
      // the application's name with a wrong secret
      try (RpcClient rogue = RpcClient.connect(worker.host(), worker.port(), TIMEOUT)) {
        assertThatThrownBy(
                () -> rogue.authenticate(app("app-1", ShuffleAuth.randomBytes()), TIMEOUT))
            .hasMessageContaining("wrong secret");
        assertThatThrownBy(() -> push(rogue, "app-1", MARKER))
            .hasMessageContaining("requires authentication");
      }
      // its own application, pushing into another's shuffle
      byte[] rogueSecret = ShuffleAuth.randomBytes();
      try (RpcClient rogue = master(cluster, null)) {
        register(rogue, "mallory", rogueSecret);
        assertThatThrownBy(() -> register(rogue, "app-1", rogueSecret))
            .hasMessageContaining("already registered");
        rogue.authenticate(app("mallory", rogueSecret), TIMEOUT);
        assertThatThrownBy(() -> requestSlots(rogue, "app-1"))
            .hasMessageContaining("authenticated as app:mallory, not as app:app-1");
        assertThatThrownBy(
                () ->
                    rogue.callAndWait(
                        MessageType.GET_APP_SECRET, TIMEOUT, buf -> Wire.writeString(buf, "app-1")))
            .hasMessageContaining("not as worker");
      }
      try (RpcClient rogue = RpcClient.connect(worker.host(), worker.port(), TIMEOUT)) {
        rogue.authenticate(app("mallory", rogueSecret), TIMEOUT);
        assertThatThrownBy(() -> push(rogue, "app-1", MARKER))
            .hasMessageContaining("not as app:app-1");
      }
      assertThat(server.refusedRequests()).isEqualTo(4);
      assertThat(cluster.master().refusedRequests()).isEqualTo(4);
      assertThat(server.blocksReceived()).isZero();
      assertThat(filesUnder(data)).isEmpty();

      // the application itself pushes
      try (RpcClient executor = RpcClient.connect(worker.host(), worker.port(), TIMEOUT)) {
        executor.authenticate(app("app-1", secret), TIMEOUT);
        push(executor, "app-1", "real-block".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(server.blocksReceived()).isEqualTo(1);
      assertThat(filesUnder(data)).isNotEmpty().noneMatch(ShuffleSecurityTest::holdsMarker);
    }
  }

  @Test
  void aRestartedMasterStillKnowsEachApplicationsSecret() throws Exception {
    try (EmbeddedShuffleCluster cluster = start(dir.resolve("data"), authentication())) {
      byte[] secret = ShuffleAuth.randomBytes();
      try (RpcClient driver = master(cluster, null)) {
        register(driver, "app-1", secret);
      }
      cluster.restartMaster();
      cluster.awaitLiveWorkers(1); // the worker authenticated again with the cluster secret
      try (RpcClient driver = master(cluster, null)) {
        register(driver, "app-1", secret); // the driver's retry after the restart
        assertThatThrownBy(() -> register(driver, "app-1", ShuffleAuth.randomBytes()))
            .hasMessageContaining("already registered");
        driver.authenticate(app("app-1", secret), TIMEOUT);
        assertThat(requestSlots(driver, "app-1").partitions()).isEqualTo(2);
      }
      WorkerInfo worker = cluster.workerInfos().get(0);
      try (RpcClient executor = RpcClient.connect(worker.host(), worker.port(), TIMEOUT)) {
        executor.authenticate(app("app-1", secret), TIMEOUT);
        push(executor, "app-1", "after-restart".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(cluster.worker(0).blocksReceived()).isEqualTo(1);
    }
  }

  @Test
  void aWorkerWithoutTheClusterSecretNeverGetsShuffles() throws Exception {
    try (EmbeddedShuffleCluster cluster = start(dir.resolve("data"), authentication())) {
      Map<String, String> conf = new HashMap<>(authentication());
      conf.put(ServerConfig.AUTH_SECRET, "not-the-cluster-secret-at-all");
      conf.put(ServerConfig.WORKER_MASTER, cluster.masterAddress());
      conf.put(ServerConfig.WORKER_PORT, "0");
      conf.put(ServerConfig.WORKER_HOST, "127.0.0.1");
      conf.put(ServerConfig.WORKER_HEARTBEAT, "100ms");
      conf.put(ServerConfig.WORKER_STORAGE, dir.resolve("rogue").toUri().toString());
      try (ShuffleWorker rogue = new ShuffleWorker(ServerConfig.of(conf))) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (cluster.master().refusedRequests() < 3 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(cluster.master().refusedRequests()).isGreaterThanOrEqualTo(3);
        assertThat(cluster.master().liveWorkers())
            .extracting(WorkerInfo::id)
            .containsExactly("worker-0");
        assertThat(rogue.info().id()).isNotEqualTo("worker-0");
      }
    }
  }

  @Test
  void mismatchedSettingsSayWhatToChange() throws Exception {
    try (EmbeddedShuffleCluster cluster = start(dir.resolve("data"), Map.of());
        RpcClient client = master(cluster, null)) {
      assertThatThrownBy(() -> register(client, "app-1", ShuffleAuth.randomBytes()))
          .hasMessageContaining("authentication is off on the shuffle master")
          .hasMessageContaining(ServerConfig.AUTH_ENABLED);
    }
    assertThatThrownBy(() -> start(dir.resolve("other"), Map.of(ServerConfig.AUTH_ENABLED, "true")))
        .hasMessageContaining(ServerConfig.AUTH_SECRET);
  }

  @Test
  void tlsCarriesEveryConnectionAndRefusesPlainOrUntrustingClients() throws Exception {
    KeyStores stores = KeyStores.create(dir.resolve("tls"));
    Map<String, String> conf = new HashMap<>(authentication());
    conf.put(ServerConfig.SSL_ENABLED, "true");
    conf.put(ServerConfig.SSL_KEYSTORE, stores.keystore().toString());
    conf.put(ServerConfig.SSL_KEYSTORE_PASSWORD, KeyStores.PASSWORD);
    conf.put(ServerConfig.SSL_TRUSTSTORE, stores.truststore().toString());
    conf.put(ServerConfig.SSL_TRUSTSTORE_PASSWORD, KeyStores.PASSWORD);
    Path data = dir.resolve("data");
    // the worker reached the master over TLS, authenticated, or start() would not return
    try (EmbeddedShuffleCluster cluster = start(data, conf)) {
      SslContext tls = TlsContexts.client(stores.truststore(), KeyStores.PASSWORD, "truststore");
      byte[] secret = ShuffleAuth.randomBytes();
      try (RpcClient driver = master(cluster, tls)) {
        register(driver, "app-1", secret);
        driver.authenticate(app("app-1", secret), TIMEOUT);
        assertThat(requestSlots(driver, "app-1").partitions()).isEqualTo(2);
      }
      WorkerInfo worker = cluster.workerInfos().get(0);
      try (RpcClient executor = RpcClient.connect(worker.host(), worker.port(), TIMEOUT, tls)) {
        executor.authenticate(app("app-1", secret), TIMEOUT);
        push(executor, "app-1", "over-tls".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(cluster.worker(0).blocksReceived()).isEqualTo(1);

      try (RpcClient plain = RpcClient.connect(worker.host(), worker.port(), TIMEOUT)) {
        assertThatThrownBy(() -> push(plain, "app-1", MARKER)).isInstanceOf(Exception.class);
      }
      SslContext untrusting = TlsContexts.client(null, "", "truststore");
      assertThatThrownBy(() -> RpcClient.connect(worker.host(), worker.port(), TIMEOUT, untrusting))
          .hasMessageContaining("TLS handshake with " + worker.address() + " failed");
      assertThat(cluster.worker(0).blocksReceived()).isEqualTo(1);
      assertThat(filesUnder(data)).noneMatch(ShuffleSecurityTest::holdsMarker);
    }
  }

  private static Map<String, String> authentication() {
    return Map.of(ServerConfig.AUTH_ENABLED, "true", ServerConfig.AUTH_SECRET, CLUSTER_SECRET);
  }

  private EmbeddedShuffleCluster start(Path data, Map<String, String> conf) throws IOException {
    return EmbeddedShuffleCluster.start(dir, data.toUri().toString(), 1, conf);
  }

  private static ShuffleAuth.Credentials app(String appId, byte[] secret) {
    return new ShuffleAuth.Credentials(ShuffleAuth.app(appId), secret);
  }

  private static RpcClient master(EmbeddedShuffleCluster cluster, SslContext tls)
      throws IOException {
    String[] hostPort = cluster.masterAddress().split(":");
    return RpcClient.connect(hostPort[0], Integer.parseInt(hostPort[1]), TIMEOUT, tls);
  }

  private static void register(RpcClient master, String appId, byte[] secret) throws IOException {
    master.callAndWait(
        MessageType.REGISTER_APP,
        TIMEOUT,
        buf -> {
          Wire.writeString(buf, appId);
          Wire.writeString(buf, System.getProperty("user.name"));
          buf.writeBytes(secret);
        });
  }

  private static ShuffleSlots requestSlots(RpcClient master, String appId) throws IOException {
    return ShuffleSlots.read(
        master.callAndWait(
            MessageType.REQUEST_SLOTS,
            TIMEOUT,
            buf -> {
              Wire.writeString(buf, appId);
              buf.writeInt(0).writeInt(2);
            }));
  }

  private static void push(RpcClient worker, String appId, byte[] data) throws IOException {
    worker.callAndWait(
        MessageType.PUSH,
        TIMEOUT,
        buf -> {
          Wire.writeString(buf, appId);
          buf.writeInt(0).writeInt(0).writeInt(0).writeLong(1L);
          buf.writeInt(0).writeInt(BlockHeader.crc(data, data.length));
          buf.writeInt(data.length).writeBytes(data);
        });
  }

  private static List<Path> filesUnder(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private static boolean holdsMarker(Path file) {
    try {
      String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      return content.contains(new String(MARKER, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
