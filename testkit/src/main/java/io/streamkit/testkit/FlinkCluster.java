package io.streamkit.testkit;

import java.net.URI;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Flink {@link MiniCluster} with its REST endpoint on a random loopback port, so tests can submit
 * jobs remotely exactly as they would to a standalone cluster. Needs {@code flink-runtime} (and
 * whatever the submitted jobs use) on the test classpath.
 */
public final class FlinkCluster implements BeforeAllCallback, AfterAllCallback {
  private final int slots;
  private final Configuration extra = new Configuration();
  private MiniCluster cluster;

  public FlinkCluster() {
    this(4);
  }

  public FlinkCluster(int slots) {
    this.slots = slots;
  }

  /** Sets a key of the cluster's configuration (before it starts). */
  public FlinkCluster with(String key, String value) {
    extra.setString(key, value);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  public synchronized void start() throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(128));
    conf.addAll(extra);
    cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
  }

  public synchronized void close() throws Exception {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }

  public MiniCluster miniCluster() {
    return cluster;
  }

  /** The REST endpoint, e.g. {@code http://127.0.0.1:41234}. */
  public URI restAddress() {
    return cluster.getRestAddress().join();
  }

  /** {@code host:port} of the REST endpoint, as the CLI's {@code --rest} flag takes it. */
  public String restHostPort() {
    URI uri = restAddress();
    return uri.getHost() + ":" + uri.getPort();
  }
}
