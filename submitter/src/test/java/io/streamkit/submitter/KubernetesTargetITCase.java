package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sql run --target kubernetes-application} through Flink's native Kubernetes client against
 * a Kubernetes API server (fabric8's mock server in CRUD mode: it stores what it is sent and
 * answers as the API does, but runs no pods). The JobManager's Deployment, Services and ConfigMaps
 * are created as Flink creates them for {@code flink run-application}, with the program that runs
 * the script; an unreachable API server is one line.
 */
class KubernetesTargetITCase {
  @TempDir Path tmp;
  private KubernetesMockServer server;
  private Path kubeconfig;

  @BeforeEach
  void apiServer() throws Exception {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    kubeconfig = kubeconfig("http://127.0.0.1:" + server.getPort());
  }

  @AfterEach
  void stop() {
    server.destroy();
  }

  private Path kubeconfig(String url) throws Exception {
    return Files.writeString(
        tmp.resolve("kubeconfig-" + url.hashCode()),
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: test",
            "  cluster:",
            "    server: " + url,
            "contexts:",
            "- name: test",
            "  context:",
            "    cluster: test",
            "    user: test",
            "current-context: test",
            "users:",
            "- name: test",
            "  user:",
            "    token: not-checked",
            ""));
  }

  private CliRun run(Path config) throws Exception {
    Path script =
        Files.writeString(
            tmp.resolve("orders.sql"),
            "CREATE TEMPORARY TABLE src (id BIGINT) WITH ('connector' = 'datagen');\n"
                + "CREATE TEMPORARY TABLE dst (id BIGINT) WITH ('connector' = 'blackhole');\n"
                + "INSERT INTO dst SELECT id FROM src;\n");
    return CliRun.of(
        "sql",
        "run",
        "--target",
        "kubernetes-application",
        "-D",
        "streamkit.catalog.url=jdbc:h2:file:" + tmp.resolve("catalog").toAbsolutePath(),
        "-D",
        "kubernetes.config.file=" + config,
        "-D",
        "kubernetes.namespace=streaming",
        "-D",
        "kubernetes.cluster-id=orders",
        "-D",
        "kubernetes.rest-service.exposed.type=ClusterIP",
        script.toString());
  }

  @Test
  void theApplicationClusterIsCreatedWithTheProgramThatRunsTheScript() throws Exception {
    CliRun run = run(kubeconfig);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("Kubernetes application orders runs the script");
    // Recorded with the job id the application was given (the cluster is not asked: no pods).
    CliRun list =
        CliRun.of(
            "job",
            "list",
            "--all",
            "-D",
            "streamkit.catalog.url=jdbc:h2:file:" + tmp.resolve("catalog").toAbsolutePath(),
            "-D",
            "kubernetes.config.file=" + kubeconfig);
    assertThat(list.out()).as(list.toString()).contains("orders").contains("submitted");
    try (KubernetesClient client = server.createClient()) {
      Deployment jobManager =
          client.apps().deployments().inNamespace("streaming").withName("orders").get();
      assertThat(jobManager).isNotNull();
      assertThat(jobManager.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .isEqualTo(KubernetesTargets.DEFAULT_IMAGE);
      ConfigMap flinkConfig =
          client.configMaps().inNamespace("streaming").withName("flink-config-orders").get();
      String config = String.join("\n", flinkConfig.getData().values());
      assertThat(config)
          .contains("io.streamkit.submitter.ScriptProgram")
          .contains("--script-text")
          .contains("INSERT INTO dst SELECT id FROM src")
          .contains("streamkit.catalog.url=jdbc:h2:file:")
          .contains(SqlDeployCommand.DEFAULT_JAR);
      assertThat(client.services().inNamespace("streaming").list().getItems())
          .extracting(s -> s.getMetadata().getName())
          .contains("orders-rest");
    }
  }

  @Test
  void anUnreachableApiServerIsOneLine() throws Exception {
    CliRun run = run(kubeconfig("http://127.0.0.1:1"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("streamkit: error: Could not start the application on" + " Kubernetes: ");
    assertThat(run.err().lines().toList()).as(run.toString()).hasSize(1);
  }
}
