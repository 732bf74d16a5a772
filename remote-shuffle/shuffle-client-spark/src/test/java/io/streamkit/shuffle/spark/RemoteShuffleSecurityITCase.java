package io.streamkit.shuffle.spark;

import static io.streamkit.shuffle.spark.ShuffleSessions.expectedGroups;
import static io.streamkit.shuffle.spark.ShuffleSessions.sorted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamkit.shuffle.common.BlockHeader;
import io.streamkit.shuffle.common.MessageType;
import io.streamkit.shuffle.common.RpcClient;
import io.streamkit.shuffle.common.ShuffleAuth;
import io.streamkit.shuffle.common.Wire;
import io.streamkit.shuffle.common.WorkerInfo;
import io.streamkit.shuffle.server.EmbeddedShuffleCluster;
import io.streamkit.testkit.KeyStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same Spark job on {@code local-cluster} with authentication and TLS on every connection
 * (driver and executors to the master and workers, workers to the master): exact results, while a
 * client without the application's secret, pushing into the running application's shuffle, is
 * refused and its bytes land on no disk.
 */
class RemoteShuffleSecurityITCase {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String MARKER = "ROGUE-BLOCK-5d1e8b";

  @TempDir static Path tmp;
  static EmbeddedShuffleCluster cluster;
  static SparkSession spark;
  static KeyStores stores;

  @BeforeAll
  static void start() throws Exception {
    stores = KeyStores.create(tmp.resolve("tls"));
    cluster =
        EmbeddedShuffleCluster.start(
            tmp,
            tmp.resolve("shuffle").toUri().toString(),
            2,
            Map.of(
                "streamkit.shuffle.authentication.enabled",
                "true",
                "streamkit.shuffle.authentication.secret",
                "the-cluster-secret-of-this-test",
                "streamkit.shuffle.ssl.enabled",
                "true",
                "streamkit.shuffle.ssl.keystore",
                stores.keystore().toString(),
                "streamkit.shuffle.ssl.keystore-password",
                KeyStores.PASSWORD,
                "streamkit.shuffle.ssl.truststore",
                stores.truststore().toString(),
                "streamkit.shuffle.ssl.truststore-password",
                KeyStores.PASSWORD));
    spark =
        ShuffleSessions.remote(cluster)
            .config(ShuffleOptions.AUTH_ENABLED, "true")
            .config(ShuffleOptions.SSL_ENABLED, "true")
            .config(ShuffleOptions.SSL_TRUSTSTORE, stores.truststore().toString())
            .config(ShuffleOptions.SSL_TRUSTSTORE_PASSWORD, KeyStores.PASSWORD)
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theJobGivesExactResultsAndARogueClientWritesNothing() throws Exception {
    List<Row> rows =
        spark
            .range(0, 200_000, 1, 6)
            .selectExpr("id % 1000 AS k", "id AS v")
            .groupBy("k")
            .agg(org.apache.spark.sql.functions.count("*"), org.apache.spark.sql.functions.sum("v"))
            .collectAsList();
    assertThat(sorted(rows)).isEqualTo(expectedGroups(200_000, 1000));
    long received = cluster.worker(0).blocksReceived() + cluster.worker(1).blocksReceived();
    assertThat(received).isPositive();

    String appId = spark.sparkContext().applicationId();
    io.netty.handler.ssl.SslContext tls =
        io.streamkit.shuffle.common.TlsContexts.client(
            stores.truststore(), KeyStores.PASSWORD, "truststore");
    for (WorkerInfo worker : cluster.workerInfos()) {
      try (RpcClient rogue = RpcClient.connect(worker.host(), worker.port(), TIMEOUT, tls)) {
        assertThatThrownBy(() -> push(rogue, appId))
            .hasMessageContaining("requires authentication");
        assertThatThrownBy(
                () ->
                    rogue.authenticate(
                        new ShuffleAuth.Credentials(
                            ShuffleAuth.app(appId), ShuffleAuth.randomBytes()),
                        TIMEOUT))
            .hasMessageContaining("wrong secret");
        assertThatThrownBy(() -> push(rogue, appId))
            .hasMessageContaining("requires authentication");
      }
    }
    assertThat(cluster.worker(0).refusedRequests() + cluster.worker(1).refusedRequests())
        .isEqualTo(6);
    assertThat(cluster.worker(0).blocksReceived() + cluster.worker(1).blocksReceived())
        .isEqualTo(received);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(tmp.resolve("shuffle"))) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).isNotEmpty().noneMatch(RemoteShuffleSecurityITCase::holdsMarker);

    // and the application goes on shuffling with its own secret
    assertThat(spark.range(0, 10_000, 1, 3).repartition(5).count()).isEqualTo(10_000);
  }

  private static void push(RpcClient worker, String appId) throws IOException {
    byte[] data = MARKER.getBytes(StandardCharsets.UTF_8);
    worker.callAndWait(
        MessageType.PUSH,
        TIMEOUT,
        buf -> {
          Wire.writeString(buf, appId);
          buf.writeInt(0).writeInt(0).writeInt(0).writeLong(99L);
          buf.writeInt(0).writeInt(BlockHeader.crc(data, data.length));
          buf.writeInt(data.length).writeBytes(data);
        });
  }

  private static boolean holdsMarker(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(MARKER);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
