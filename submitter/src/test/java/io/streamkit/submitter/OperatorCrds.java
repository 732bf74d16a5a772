package io.streamkit.submitter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The Flink Kubernetes Operator's CRD schemas (v1beta1, from test resources), checked as strictly
 * as {@code kubectl apply --validate=strict}: besides types, enums and required fields, a field the
 * schema does not know is an error (the API server would drop it silently), except below {@code
 * x-kubernetes-preserve-unknown-fields}.
 */
final class OperatorCrds {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Map<String, String> FILES =
      Map.of(
          "FlinkDeployment", "flinkdeployments.flink.apache.org-v1.yml",
          "FlinkSessionJob", "flinksessionjobs.flink.apache.org-v1.yml");

  private OperatorCrds() {}

  /** The problems of a manifest of one of the operator's kinds; empty when it is valid. */
  static List<String> validate(JsonNode manifest) throws Exception {
    String kind = manifest.path("kind").asText();
    String file = FILES.get(kind);
    if (file == null) {
      return List.of("unknown kind " + kind);
    }
    JsonNode crd;
    try (InputStream in = OperatorCrds.class.getResourceAsStream("/flink-operator-crds/" + file)) {
      crd = YAML.readTree(in);
    }
    String version = manifest.path("apiVersion").asText().replace("flink.apache.org/", "");
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version)) {
        ObjectNode schemaNode = (ObjectNode) v.path("schema").path("openAPIV3Schema").deepCopy();
        // What the API server adds to every CRD's schema.
        ObjectNode properties = (ObjectNode) schemaNode.path("properties");
        properties.putObject("apiVersion").put("type", "string");
        properties.putObject("kind").put("type", "string");
        properties.putObject("metadata").put("type", "object");
        strict(schemaNode);
        JsonSchema schema =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schemaNode);
        return schema.validate(manifest).stream().map(ValidationMessage::getMessage).toList();
      }
    }
    return List.of("the CRD of " + kind + " has no version " + version);
  }

  private static JsonNode strict(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.has("properties")
          && !object.has("additionalProperties")
          && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
        object.put("additionalProperties", false);
      }
      for (Iterator<JsonNode> it = object.elements(); it.hasNext(); ) {
        strict(it.next());
      }
    } else if (node.isArray()) {
      node.forEach(OperatorCrds::strict);
    }
    return node;
  }
}
