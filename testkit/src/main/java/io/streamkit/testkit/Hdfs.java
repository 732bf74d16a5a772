package io.streamkit.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HDFS ({@link MiniDFSCluster}: a NameNode and DataNodes in this JVM) on random loopback
 * ports, with its data under {@code java.io.tmpdir}. Needs {@code hadoop-client-minicluster} on the
 * test classpath.
 */
public final class Hdfs implements BeforeAllCallback, AfterAllCallback {
  private final int dataNodes;
  private boolean permissions;
  private MiniDFSCluster cluster;

  public Hdfs() {
    this(1);
  }

  public Hdfs(int dataNodes) {
    this.dataNodes = dataNodes;
  }

  /**
   * Checks permissions and ACLs, as a production HDFS does (off by default in tests). The user
   * running the test is the super-user; other users act through {@code
   * UserGroupInformation.createRemoteUser(name).doAs(...)}.
   */
  public Hdfs withPermissions() {
    this.permissions = true;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  public synchronized void start() throws IOException {
    Path base = Files.createTempDirectory("hdfs");
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toAbsolutePath().toString());
    conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
    conf.setBoolean("dfs.permissions.enabled", permissions);
    conf.setBoolean("dfs.namenode.acls.enabled", permissions);
    // Close a file once its last block is committed, without waiting for the DataNode's report:
    // otherwise every close in a test waits for a retry round of 400 ms and more.
    conf.setInt("dfs.namenode.file.close.num-committed-allowed", 1);
    for (int attempt = 1; ; attempt++) {
      try {
        cluster =
            new MiniDFSCluster.Builder(conf, new File(base.toString()))
                .numDataNodes(dataNodes)
                .nameNodePort(FreePorts.next())
                .build();
        break;
      } catch (java.net.BindException e) {
        // a port found free was taken before the name node bound it: pick another
        if (attempt == 3) {
          throw e;
        }
      }
    }
    cluster.waitActive();
  }

  /** {@code hdfs://127.0.0.1:<port>}, the default file system of {@link #configuration()}. */
  public String uri() {
    return "hdfs://127.0.0.1:" + cluster.getNameNodePort();
  }

  /** A client configuration for this file system. */
  public Configuration configuration() {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", uri());
    return conf;
  }

  public FileSystem fileSystem() throws IOException {
    return FileSystem.get(java.net.URI.create(uri()), configuration());
  }

  public synchronized void close() {
    if (cluster != null) {
      cluster.shutdown(true);
      cluster = null;
    }
  }
}
