package io.streamkit.submitter;

import java.util.List;
import org.apache.flink.client.deployment.ClusterClientFactory;
import org.apache.flink.client.deployment.ClusterDescriptor;
import org.apache.flink.client.deployment.DefaultClusterClientServiceLoader;
import org.apache.flink.client.deployment.application.ApplicationConfiguration;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * Starts a Flink application cluster whose JobManager runs a script ({@link ScriptProgram}) or a
 * JAR job's main, on the deployment {@code execution.target} names (yarn-application,
 * kubernetes-application), with Flink's own cluster descriptors, as {@code flink run-application}
 * does with a jar.
 */
final class ApplicationClusters {
  /** What a deployment reports: the cluster's id (YARN application, Kubernetes cluster-id). */
  record Deployed(String clusterId, String webInterface) {}

  private ApplicationClusters() {}

  static Deployed deploy(Configuration conf, List<String> programArgs) throws Exception {
    return deploy(conf, ScriptProgram.class.getName(), programArgs);
  }

  /** A cluster of its own whose JobManager runs {@code mainClass} (of {@code pipeline.jars}). */
  static Deployed deploy(Configuration conf, String mainClass, List<String> programArgs)
      throws Exception {
    // The values of the config.yaml Flink's distribution ships; without them Flink refuses to size
    // the JobManager and TaskManager processes.
    if (!conf.contains(JobManagerOptions.TOTAL_PROCESS_MEMORY)
        && !conf.contains(JobManagerOptions.TOTAL_FLINK_MEMORY)
        && !conf.contains(JobManagerOptions.JVM_HEAP_MEMORY)) {
      conf.set(JobManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse("1600m"));
    }
    if (!conf.contains(TaskManagerOptions.TOTAL_PROCESS_MEMORY)
        && !conf.contains(TaskManagerOptions.TOTAL_FLINK_MEMORY)) {
      conf.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse("1728m"));
    }
    ApplicationConfiguration application =
        new ApplicationConfiguration(programArgs.toArray(String[]::new), mainClass);
    return deploy(
        new DefaultClusterClientServiceLoader().getClusterClientFactory(conf), conf, application);
  }

  private static <T> Deployed deploy(
      ClusterClientFactory<T> factory, Configuration conf, ApplicationConfiguration application)
      throws Exception {
    try (ClusterDescriptor<T> descriptor = factory.createClusterDescriptor(conf);
        ClusterClient<T> client =
            descriptor
                .deployApplicationCluster(factory.getClusterSpecification(conf), application)
                .getClusterClient()) {
      return new Deployed(String.valueOf(client.getClusterId()), client.getWebInterfaceURL());
    }
  }
}
