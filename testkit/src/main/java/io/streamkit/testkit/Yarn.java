package io.streamkit.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real YARN ({@link MiniYARNCluster}: a ResourceManager and a NodeManager in this JVM, whose
 * containers are separate JVMs) on random loopback ports, over a real HDFS ({@link Hdfs}) for the
 * applications' staging files. Needs {@code hadoop-client-minicluster} and Bouncy Castle ({@code
 * bcprov}/{@code bcpkix}, which that jar leaves out) on the test class path.
 *
 * <p>Containers run on this machine, so an application's class path can name local jars: {@link
 * #testClassPath()} is this JVM's. {@link #flinkOptions()} points a Flink client at this cluster
 * without a {@code HADOOP_CONF_DIR} ({@code flink.yarn.*} and {@code flink.hadoop.*} keys, which
 * Flink hands to its YARN and Hadoop configurations, also inside the containers).
 */
public final class Yarn implements BeforeAllCallback, AfterAllCallback {
  private final Hdfs hdfs = new Hdfs();
  private MiniYARNCluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  public synchronized void start() throws Exception {
    hdfs.start();
    YarnConfiguration conf = new YarnConfiguration(hdfs.configuration());
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, 4096);
    conf.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
    conf.setInt(YarnConfiguration.NM_VCORES, 8);
    // Java 17 reserves far more virtual memory than heap; a nearly full disk is no reason here.
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.9f);
    conf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 1);
    // The capacity scheduler with one queue, 'default' (it refuses applications for others).
    conf.set("yarn.scheduler.capacity.root.queues", "default");
    conf.set("yarn.scheduler.capacity.root.default.capacity", "100");
    conf.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
    conf.set("yarn.scheduler.capacity.maximum-am-resource-percent", "1.0");
    conf.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
    conf.set(YarnConfiguration.NM_ADDRESS, "127.0.0.1:0");
    // Keep a finished container's directory (and logs) a while for a failing test to read.
    conf.setInt(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC, 600);
    Path work = Files.createTempDirectory("yarn");
    conf.set(YarnConfiguration.NM_LOCAL_DIRS, work.resolve("local").toString());
    conf.set(YarnConfiguration.NM_LOG_DIRS, work.resolve("logs").toString());
    cluster = new MiniYARNCluster("streamkit", 1, 1, 1);
    cluster.init(conf);
    cluster.start();
    cluster.waitForNodeManagersToConnect(30_000);
  }

  /** The cluster's client configuration: ResourceManager addresses and HDFS. */
  public Configuration configuration() {
    return new YarnConfiguration(cluster.getConfig());
  }

  /** HDFS under this YARN. */
  public Hdfs hdfs() {
    return hdfs;
  }

  /** Flink keys that point a Flink client (and the containers it starts) at this cluster. */
  public Map<String, String> flinkOptions() {
    Configuration conf = cluster.getConfig();
    Map<String, String> options = new LinkedHashMap<>();
    for (String key :
        List.of(
            YarnConfiguration.RM_ADDRESS,
            YarnConfiguration.RM_SCHEDULER_ADDRESS,
            YarnConfiguration.RM_WEBAPP_ADDRESS,
            YarnConfiguration.RM_HOSTNAME)) {
      if (conf.get(key) != null) {
        options.put("flink." + key, conf.get(key));
      }
    }
    options.put("flink.hadoop.fs.defaultFS", hdfs.uri());
    options.put("flink.yarn.application.classpath", String.join(",", testClassPath()));
    return options;
  }

  /** This JVM's class path, for containers that run on this machine. */
  public static List<String> testClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(p -> Path.of(p).toAbsolutePath().toString())
        .collect(Collectors.toList());
  }

  /** Where the NodeManager keeps container logs ({@code <app>/<container>/jobmanager.log}...). */
  public Path logDir() {
    return Path.of(cluster.getConfig().get(YarnConfiguration.NM_LOG_DIRS));
  }

  public synchronized void close() {
    if (cluster != null) {
      cluster.stop();
      cluster = null;
    }
    hdfs.close();
  }
}
