package io.streamkit.submitter;

import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.kubernetes.configuration.KubernetesConfigOptions;

/**
 * {@code --target kubernetes-application}, through Flink's native Kubernetes client ({@code
 * flink-kubernetes}): a Flink cluster of its own whose JobManager runs the script ({@link
 * ScriptProgram}), started from the image {@code sql deploy --operator} also uses. The Kubernetes
 * API is found as Flink finds it ({@code kubernetes.config.file}, {@code KUBECONFIG}, {@code
 * ~/.kube/config} or the pod's service account).
 */
final class KubernetesTargets {
  /** The image of docs/jobs.md: Flink 2.2 with streamkit's jars. */
  static final String DEFAULT_IMAGE = "streamkit-flink:0.1.0-SNAPSHOT";

  private KubernetesTargets() {}

  static void configure(Configuration conf) {
    conf.set(DeploymentOptions.TARGET, "kubernetes-application");
    if (!conf.contains(KubernetesConfigOptions.CONTAINER_IMAGE)) {
      conf.set(KubernetesConfigOptions.CONTAINER_IMAGE, DEFAULT_IMAGE);
    }
    if (!conf.contains(PipelineOptions.JARS)) {
      // The program's jar inside the image, where the image of docs/jobs.md puts it.
      conf.set(PipelineOptions.JARS, List.of(SqlDeployCommand.DEFAULT_JAR));
    }
  }
}
