package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.streamkit.testkit.FlinkCluster;
import io.streamkit.testkit.Kafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sql deploy --operator}: the manifests are valid against the Flink Kubernetes Operator's
 * CRD schemas (strictly: an unknown field fails), and what they start runs the script. Without a
 * Kubernetes cluster here, the test does what the operator and kubelet would: the program of the
 * manifest ({@code entryClass}, {@code args}) runs as a jar program inside Flink's context
 * environment ({@code jar run}, the path of a session job's REST jar run and of application mode),
 * the application's Secret mounted as files, against a MiniCluster and a real broker.
 */
class SqlDeployITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();
  @RegisterExtension static final FlinkCluster FLINK = new FlinkCluster();

  private static final YAMLMapper YAML = new YAMLMapper();

  @TempDir Path tmp;

  private Path script(String in, String out) throws Exception {
    return Files.writeString(
        tmp.resolve("orders-deploy.sql"),
        String.join(
            "\n",
            "CREATE TEMPORARY TABLE src (id BIGINT) WITH ('connector' = 'kafka', 'topic' = '"
                + in
                + "', 'properties.bootstrap.servers' = '${bootstrap}', 'scan.startup.mode' ="
                + " 'earliest-offset', 'format' = 'json');",
            "CREATE TEMPORARY TABLE dst (id BIGINT) WITH ('connector' = 'kafka', 'topic' = '"
                + out
                + "', 'properties.bootstrap.servers' = '${bootstrap}', 'format' = 'json');",
            "INSERT INTO dst SELECT id * 10 FROM src;",
            ""));
  }

  private CliRun deploy(Path script, String... extra) {
    List<String> args = new ArrayList<>(List.of("sql", "deploy", "--operator"));
    args.addAll(List.of(extra));
    args.addAll(
        List.of(
            "-D",
            "streamkit.catalog.enabled=false",
            "-D",
            "parallelism.default=1",
            "--var",
            "bootstrap=" + KAFKA.bootstrapServers(),
            script.toString()));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** Runs a manifest's program as the operator would have Flink run it, on the MiniCluster. */
  private CliRun runProgram(JsonNode job) throws Exception {
    // The entry class in the jar; the rest of streamkit comes from the cluster's class path.
    Path jar =
        JobJars.build(
            tmp.resolve("program.jar"),
            null,
            List.of(Class.forName(job.path("entryClass").asText())));
    List<String> args =
        new ArrayList<>(
            List.of(
                "jar",
                "run",
                "--target",
                "remote",
                "--rest",
                FLINK.restHostPort(),
                "--detached",
                "-D",
                "streamkit.catalog.enabled=false",
                "--class",
                job.path("entryClass").asText(),
                jar.toString(),
                "--"));
    job.path("args").forEach(a -> args.add(a.asText()));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static void awaitValues(String topic, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (KAFKA.consumeValues(topic).size() < count && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(KAFKA.consumeValues(topic)).hasSize(count);
  }

  private static void produce(String topic) {
    KAFKA.createTopic(topic, 1);
    KAFKA.produce(topic, IntStream.range(0, 20).mapToObj(i -> "{\"id\":" + i + "}").toList());
  }

  @Test
  void aSessionJobManifestIsValidAndItsProgramRunsTheScript() throws Exception {
    produce("deploy-session-in");
    KAFKA.createTopic("deploy-session-out", 1);
    Path out = tmp.resolve("k8s");
    CliRun deploy =
        deploy(
            script("deploy-session-in", "deploy-session-out"),
            "--mode",
            "session",
            "--deployment",
            "session-cluster",
            "--namespace",
            "streaming",
            "--jar-uri",
            "https://repo.example.com/streamkit-submitter-0.1.0-SNAPSHOT.jar",
            "--out",
            out.toString());
    assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
    Path file = out.resolve("orders-deploy-flinksessionjob.yaml");
    assertThat(deploy.out()).contains("Wrote " + file).contains("kubectl apply -f " + out);

    JsonNode manifest = YAML.readTree(file.toFile());
    assertThat(OperatorCrds.validate(manifest)).isEmpty();
    assertThat(manifest.path("kind").asText()).isEqualTo("FlinkSessionJob");
    assertThat(manifest.at("/metadata/namespace").asText()).isEqualTo("streaming");
    assertThat(manifest.at("/spec/deploymentName").asText()).isEqualTo("session-cluster");
    assertThat(manifest.at("/spec/flinkConfiguration/parallelism.default").asText()).isEqualTo("1");
    JsonNode job = manifest.at("/spec/job");
    assertThat(job.path("entryClass").asText()).isEqualTo(ScriptProgram.class.getName());

    CliRun run = runProgram(job);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    awaitValues("deploy-session-out", 20);
    assertThat(KAFKA.consumeValues("deploy-session-out")).contains("{\"id\":190}");
  }

  @Test
  void anApplicationDeploymentMountsTheScriptAndItsProgramRunsIt() throws Exception {
    produce("deploy-app-in");
    KAFKA.createTopic("deploy-app-out", 1);
    Path out = tmp.resolve("k8s");
    CliRun deploy =
        deploy(
            script("deploy-app-in", "deploy-app-out"),
            "--name",
            "orders",
            "--image",
            "registry.example.com/streamkit-flink:0.1.0",
            "--upgrade-mode",
            "savepoint",
            "-D",
            "execution.checkpointing.savepoint-dir=s3://bucket/savepoints",
            "--out",
            out.toString());
    assertThat(deploy.exitCode()).as(deploy.toString()).isZero();

    JsonNode deployment = YAML.readTree(out.resolve("orders-flinkdeployment.yaml").toFile());
    assertThat(OperatorCrds.validate(deployment)).isEmpty();
    assertThat(deployment.at("/spec/flinkVersion").asText()).isEqualTo("v2_2");
    assertThat(deployment.at("/spec/image").asText())
        .isEqualTo("registry.example.com/streamkit-flink:0.1.0");
    assertThat(deployment.at("/spec/job/upgradeMode").asText()).isEqualTo("savepoint");
    assertThat(deployment.at("/spec/podTemplate/spec/volumes/0/secret/secretName").asText())
        .isEqualTo("orders-streamkit");
    // streamkit.yaml may hold a catalog password: a Secret, never a ConfigMap
    assertThat(out.resolve("orders-configmap.yaml")).doesNotExist();
    JsonNode secret = YAML.readTree(out.resolve("orders-secret.yaml").toFile());
    assertThat(secret.at("/kind").asText()).isEqualTo("Secret");
    assertThat(secret.at("/metadata/name").asText()).isEqualTo("orders-streamkit");
    assertThat(secret.at("/stringData/streamkit.yaml").asText())
        .contains("streamkit.catalog.enabled: \"false\"");

    // The kubelet mounts the Secret's keys as files under the mount path.
    String mount =
        deployment.at("/spec/podTemplate/spec/containers/0/volumeMounts/0/mountPath").asText();
    Path mounted = Files.createDirectories(tmp.resolve("mounted"));
    secret
        .path("stringData")
        .fields()
        .forEachRemaining(
            e -> {
              try {
                Files.writeString(mounted.resolve(e.getKey()), e.getValue().asText());
              } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
              }
            });
    ObjectNode job = (ObjectNode) deployment.at("/spec/job").deepCopy();
    var args = job.putArray("args");
    deployment
        .at("/spec/job/args")
        .forEach(a -> args.add(a.asText().replace(mount, mounted.toString())));
    CliRun run = runProgram(job);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    awaitValues("deploy-app-out", 20);
  }

  @Test
  void theSchemaCheckFailsOnWhatTheOperatorWouldRefuse() throws Exception {
    Path out = tmp.resolve("k8s");
    CliRun deploy =
        deploy(script("a", "b"), "--skip-validation", "--name", "orders", "--out", out.toString());
    assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
    ObjectNode manifest =
        (ObjectNode) YAML.readTree(out.resolve("orders-flinkdeployment.yaml").toFile());
    ((ObjectNode) manifest.path("spec")).put("flinkVersion", "v9_9");
    ((ObjectNode) manifest.at("/spec/job")).put("entryclass", "x");
    assertThat(OperatorCrds.validate(manifest))
        .anySatisfy(m -> assertThat(m).contains("flinkVersion"))
        .anySatisfy(m -> assertThat(m).contains("entryclass"));
  }

  @Test
  void badUsageIsOneLine() throws Exception {
    Path script = script("a", "b");
    CliRun noDeployment = deploy(script, "--mode", "session", "--out", tmp.resolve("x").toString());
    assertThat(noDeployment.exitCode()).isEqualTo(2);
    assertThat(noDeployment.err()).contains("--mode session needs --deployment NAME");

    CliRun badName = deploy(script, "--name", "Orders_V2", "--out", tmp.resolve("x").toString());
    assertThat(badName.exitCode()).isEqualTo(2);
    assertThat(badName.err()).contains("'Orders_V2' cannot name a Kubernetes resource");

    CliRun noSavepointDir =
        deploy(script, "--upgrade-mode", "last_state", "--out", tmp.resolve("x").toString());
    assertThat(noSavepointDir.exitCode()).isEqualTo(2);
    assertThat(noSavepointDir.err()).contains("needs a savepoint directory");

    Path broken = Files.writeString(tmp.resolve("broken.sql"), "INSERT INTO nowhere SELECT 1;\n");
    CliRun invalid = deploy(broken, "--out", tmp.resolve("y").toString());
    assertThat(invalid.exitCode()).isEqualTo(1);
    assertThat(invalid.err()).contains("No manifest was written");
    assertThat(tmp.resolve("y")).doesNotExist();
  }
}
