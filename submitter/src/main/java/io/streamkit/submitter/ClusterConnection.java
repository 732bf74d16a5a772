package io.streamkit.submitter;

import org.apache.flink.client.deployment.ClusterClientFactory;
import org.apache.flink.client.deployment.ClusterDescriptor;
import org.apache.flink.client.deployment.DefaultClusterClientServiceLoader;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;

/** A client of a running cluster, closed with its descriptor. */
record ClusterConnection(ClusterDescriptor<?> descriptor, ClusterClient<?> client)
    implements AutoCloseable {

  /** The cluster named by {@code execution.target} and {@code rest.*} of {@code conf}. */
  static ClusterConnection of(Configuration conf) throws Exception {
    return open(new DefaultClusterClientServiceLoader().getClusterClientFactory(conf), conf);
  }

  /** The session cluster whose REST endpoint is {@code hostPort}, with {@code base}'s settings. */
  static ClusterConnection remote(String hostPort, Configuration base) throws Exception {
    Configuration conf = new Configuration(base);
    int colon = hostPort.lastIndexOf(':');
    conf.set(DeploymentOptions.TARGET, "remote");
    conf.set(RestOptions.ADDRESS, hostPort.substring(0, colon));
    conf.set(RestOptions.PORT, Integer.parseInt(hostPort.substring(colon + 1)));
    return of(conf);
  }

  private static <T> ClusterConnection open(ClusterClientFactory<T> factory, Configuration conf)
      throws Exception {
    ClusterDescriptor<T> descriptor = factory.createClusterDescriptor(conf);
    T id = factory.getClusterId(conf);
    return new ClusterConnection(descriptor, descriptor.retrieve(id).getClusterClient());
  }

  @Override
  public void close() {
    client.close();
    descriptor.close();
  }
}
