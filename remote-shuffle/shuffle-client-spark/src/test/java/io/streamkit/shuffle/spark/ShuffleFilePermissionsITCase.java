package io.streamkit.shuffle.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamkit.shuffle.common.BlockHeader;
import io.streamkit.shuffle.common.MessageType;
import io.streamkit.shuffle.common.RpcClient;
import io.streamkit.shuffle.common.ShuffleAuth;
import io.streamkit.shuffle.common.Wire;
import io.streamkit.shuffle.common.WorkerInfo;
import io.streamkit.shuffle.server.EmbeddedShuffleCluster;
import io.streamkit.testkit.Hdfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With authentication, a worker on an HDFS that checks permissions gives each application's
 * directory to the workers' user and the application's user only: the application's user reads (and
 * deletes) its shuffle files, another user can neither list nor read them.
 */
class ShuffleFilePermissionsITCase {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String DATA = "alice-private-shuffle-block";

  @RegisterExtension static final Hdfs HDFS = new Hdfs().withPermissions();
  @TempDir Path tmp;

  @Test
  void onlyTheApplicationsUserReadsItsFiles() throws Exception {
    try (EmbeddedShuffleCluster cluster =
        EmbeddedShuffleCluster.start(
            tmp,
            HDFS.uri() + "/shuffle",
            1,
            Map.of(
                "streamkit.shuffle.authentication.enabled", "true",
                "streamkit.shuffle.authentication.secret", "permissions-test-cluster-secret"))) {
      byte[] secret = ShuffleAuth.randomBytes();
      String[] master = cluster.masterAddress().split(":");
      try (RpcClient driver = RpcClient.connect(master[0], Integer.parseInt(master[1]), TIMEOUT)) {
        driver.callAndWait(
            MessageType.REGISTER_APP,
            TIMEOUT,
            buf -> {
              Wire.writeString(buf, "app-alice");
              Wire.writeString(buf, "alice");
              buf.writeBytes(secret);
            });
      }
      WorkerInfo worker = cluster.workerInfos().get(0);
      try (RpcClient executor = RpcClient.connect(worker.host(), worker.port(), TIMEOUT)) {
        executor.authenticate(
            new ShuffleAuth.Credentials(ShuffleAuth.app("app-alice"), secret), TIMEOUT);
        byte[] data = DATA.getBytes(StandardCharsets.UTF_8);
        executor.callAndWait(
            MessageType.PUSH,
            TIMEOUT,
            buf -> {
              Wire.writeString(buf, "app-alice");
              buf.writeInt(0).writeInt(0).writeInt(0).writeLong(1L);
              buf.writeInt(0).writeInt(BlockHeader.crc(data, data.length));
              buf.writeInt(data.length).writeBytes(data);
            });
        executor.callAndWait(
            MessageType.MAP_END,
            TIMEOUT,
            buf -> {
              Wire.writeString(buf, "app-alice");
              buf.writeInt(0);
            });
      }

      String appDir = "/shuffle/app-alice";
      String read = as("alice", fs -> readAll(fs, appDir));
      assertThat(read).contains(DATA);
      assertThatThrownBy(() -> as("mallory", fs -> readAll(fs, appDir)))
          .isInstanceOf(AccessControlException.class)
          .hasMessageContaining("user=mallory");
      // the driver, as the application's user, deletes the shuffle's files when done
      boolean deleted =
          as("alice", fs -> fs.delete(new org.apache.hadoop.fs.Path(appDir, "0"), true));
      assertThat(deleted).isTrue();
    }
  }

  private interface FsAction<T> {
    T run(FileSystem fs) throws IOException;
  }

  private static <T> T as(String user, FsAction<T> action) throws Exception {
    try {
      return UserGroupInformation.createRemoteUser(user)
          .doAs(
              (PrivilegedExceptionAction<T>)
                  () -> {
                    try (FileSystem fs =
                        FileSystem.newInstance(
                            java.net.URI.create(HDFS.uri()), HDFS.configuration())) {
                      return action.run(fs);
                    }
                  });
    } catch (java.lang.reflect.UndeclaredThrowableException e) {
      throw (Exception) e.getCause();
    }
  }

  /** Every file under {@code dir}, concatenated. */
  private static String readAll(FileSystem fs, String dir) throws IOException {
    List<org.apache.hadoop.fs.Path> files = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(new org.apache.hadoop.fs.Path(dir), true);
    while (it.hasNext()) {
      files.add(it.next().getPath());
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (org.apache.hadoop.fs.Path file : files) {
      try (InputStream in = fs.open(file)) {
        in.transferTo(all);
      }
    }
    return all.toString(StandardCharsets.ISO_8859_1);
  }
}
