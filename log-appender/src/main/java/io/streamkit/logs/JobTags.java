package io.streamkit.logs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job tags every log event carries, read once from environment variables. Each tag has a
 * streamkit variable (set by the submitter) and falls back to what YARN or Kubernetes already set.
 */
final class JobTags {
  /** tag, then the variables to try in order. */
  private static final Map<String, List<String>> SOURCES = new LinkedHashMap<>();

  static {
    SOURCES.put("job_name", List.of("STREAMKIT_JOB_NAME"));
    SOURCES.put("job_id", List.of("STREAMKIT_JOB_ID"));
    SOURCES.put("application_id", List.of("STREAMKIT_APPLICATION_ID", "_APP_ID", "APPLICATION_ID"));
    SOURCES.put("container_id", List.of("STREAMKIT_CONTAINER_ID", "CONTAINER_ID", "HOSTNAME"));
    SOURCES.put("cluster", List.of("STREAMKIT_CLUSTER", "KUBERNETES_NAMESPACE"));
    SOURCES.put("owner", List.of("STREAMKIT_OWNER", "USER"));
  }

  private JobTags() {}

  static Map<String, String> from(Map<String, String> env) {
    Map<String, String> tags = new LinkedHashMap<>();
    SOURCES.forEach(
        (tag, variables) -> {
          for (String variable : variables) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
              tags.put(tag, value);
              return;
            }
          }
        });
    // YARN container ids embed the application: container_e01_1700000000000_0042_01_000001.
    String container = tags.get("container_id");
    if (!tags.containsKey("application_id")
        && container != null
        && container.startsWith("container_")) {
      String[] parts = container.split("_");
      int offset = parts.length == 6 ? 2 : 1; // with or without the epoch part
      if (parts.length >= offset + 2) {
        tags.put("application_id", "application_" + parts[offset] + "_" + parts[offset + 1]);
      }
    }
    return tags;
  }
}
