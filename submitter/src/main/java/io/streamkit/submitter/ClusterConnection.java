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
  static final String YARN_SESSION = "yarn-session:";
  static final String YARN_APPLICATION = "yarn-application:";
  static final String KUBERNETES_APPLICATION = "kubernetes-application:";

  /** The cluster named by {@code execution.target} and {@code rest.*} of {@code conf}. */
  static ClusterConnection of(Configuration conf) throws Exception {
    return open(new DefaultClusterClientServiceLoader().getClusterClientFactory(conf), conf);
  }

  /**
   * The cluster a job record names, with {@code base}'s settings (how to reach YARN or Kubernetes):
   * {@code host:port} of a REST endpoint, {@code yarn-session:<application id>} or {@code
   * yarn-application:<application id>} (a Flink cluster on YARN), {@code
   * kubernetes-application:<namespace>/<cluster-id>}.
   */
  static ClusterConnection remote(String cluster, Configuration base) throws Exception {
    Configuration conf = new Configuration(base);
    if (cluster.startsWith(YARN_SESSION) || cluster.startsWith(YARN_APPLICATION)) {
      conf.set(DeploymentOptions.TARGET, "yarn-session"); // either is retrieved as a session
      conf.setString("yarn.application.id", cluster.substring(cluster.indexOf(':') + 1));
      return of(conf);
    }
    if (cluster.startsWith(KUBERNETES_APPLICATION)) {
      String id = cluster.substring(KUBERNETES_APPLICATION.length());
      conf.set(DeploymentOptions.TARGET, "kubernetes-session");
      conf.setString("kubernetes.namespace", id.substring(0, id.indexOf('/')));
      conf.setString("kubernetes.cluster-id", id.substring(id.indexOf('/') + 1));
      return of(conf);
    }
    String hostPort = cluster;
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
