package io.streamkit.submitter;

import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes resources of {@code sql deploy --operator}, as the Flink Kubernetes Operator's
 * CRDs ({@code flink.apache.org/v1beta1}) define them: a Secret with the script and its
 * streamkit.yaml (which may hold a catalog password or key settings, so not a ConfigMap), a
 * FlinkDeployment that mounts it and starts {@link ScriptProgram}, or a FlinkSessionJob that
 * carries the script in its arguments.
 */
final class OperatorManifests {
  static final String API_VERSION = "flink.apache.org/v1beta1";
  static final String SCRIPT_KEY = "job.sql";
  static final String CONF_KEY = "streamkit.yaml";
  private static final String VOLUME = "streamkit-job";

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
          .build();

  private OperatorManifests() {}

  static Map<String, Object> secret(
      String name,
      String namespace,
      String jobName,
      String script,
      Map<String, String> streamkitConf)
      throws IOException {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put(SCRIPT_KEY, script);
    data.put(CONF_KEY, streamkitConf.isEmpty() ? "{}\n" : YAML.writeValueAsString(streamkitConf));
    Map<String, Object> map = resource("v1", "Secret", name, namespace, jobName);
    map.put("type", "Opaque");
    map.put("stringData", data);
    return map;
  }

  static Map<String, Object> flinkDeployment(
      String name,
      String namespace,
      String image,
      String serviceAccount,
      Map<String, String> flinkConf,
      String secret,
      Map<String, Object> job) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("image", image);
    spec.put("flinkVersion", SqlDeployCommand.FLINK_VERSION);
    spec.put("serviceAccount", serviceAccount);
    spec.put("flinkConfiguration", flinkConf);
    spec.put(
        "podTemplate",
        Map.of(
            "spec",
            Map.of(
                "containers",
                List.of(
                    Map.of(
                        "name",
                        "flink-main-container",
                        "volumeMounts",
                        List.of(Map.of("name", VOLUME, "mountPath", SqlDeployCommand.JOB_DIR)))),
                "volumes",
                List.of(Map.of("name", VOLUME, "secret", Map.of("secretName", secret))))));
    spec.put("jobManager", Map.of("resource", Map.of("memory", "2048m", "cpu", 1.0)));
    spec.put("taskManager", Map.of("resource", Map.of("memory", "2048m", "cpu", 1.0)));
    spec.put("job", job);
    Map<String, Object> map = resource(API_VERSION, "FlinkDeployment", name, namespace, name);
    map.put("spec", spec);
    return map;
  }

  static Map<String, Object> flinkSessionJob(
      String name,
      String namespace,
      String deployment,
      Map<String, String> flinkConf,
      Map<String, Object> job) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("deploymentName", deployment);
    spec.put("flinkConfiguration", flinkConf);
    spec.put("job", job);
    Map<String, Object> map = resource(API_VERSION, "FlinkSessionJob", name, namespace, name);
    map.put("spec", spec);
    return map;
  }

  static Path write(Path file, Map<String, Object> manifest) throws IOException {
    Files.writeString(file, YAML.writeValueAsString(manifest));
    return file;
  }

  private static Map<String, Object> resource(
      String apiVersion, String kind, String name, String namespace, String jobName) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    metadata.put(
        "labels", Map.of("app.kubernetes.io/managed-by", "streamkit", "streamkit.io/job", jobName));
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("apiVersion", apiVersion);
    map.put("kind", kind);
    map.put("metadata", metadata);
    return map;
  }
}
