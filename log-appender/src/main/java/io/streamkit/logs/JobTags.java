package io.streamkit.logs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The job tags every log event carries. Each tag has a streamkit variable, read first as a Java
 * system property (how the submitter tags a job that runs inside its own JVM, where the job id is
 * only known after submission) and then from the environment (how it tags Flink containers), and
 * falls back to what YARN or Kubernetes already set.
 */
final class JobTags {
  /** tag, then the variables to try in order. The first of each is the streamkit variable. */
  private static final Map<String, List<String>> SOURCES = new LinkedHashMap<>();

  static {
    SOURCES.put("job_name", List.of("STREAMKIT_JOB_NAME"));
    SOURCES.put("job_id", List.of("STREAMKIT_JOB_ID"));
    SOURCES.put("application_id", List.of("STREAMKIT_APPLICATION_ID", "_APP_ID", "APPLICATION_ID"));
    SOURCES.put("container_id", List.of("STREAMKIT_CONTAINER_ID", "CONTAINER_ID", "HOSTNAME"));
    SOURCES.put("cluster", List.of("STREAMKIT_CLUSTER", "KUBERNETES_NAMESPACE"));
    SOURCES.put("owner", List.of("STREAMKIT_OWNER", "USER"));
  }

  private static final String[] PROPERTY_NAMES =
      SOURCES.values().stream().map(variables -> variables.get(0)).toArray(String[]::new);

  private final Map<String, String> environment;
  private final UnaryOperator<String> properties;
  private volatile Snapshot snapshot;

  JobTags(Map<String, String> environment, UnaryOperator<String> properties) {
    this.environment = environment;
    this.properties = properties;
  }

  static JobTags fromSystem() {
    return new JobTags(System.getenv(), System::getProperty);
  }

  /**
   * The tags now. Cheap on the logging path: six property lookups compared by reference; the map is
   * rebuilt only when one of the properties was set or cleared.
   */
  Map<String, String> current() {
    String[] values = new String[PROPERTY_NAMES.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = properties.apply(PROPERTY_NAMES[i]);
    }
    Snapshot last = snapshot;
    if (last != null && sameReferences(last.properties, values)) {
      return last.tags;
    }
    Snapshot next = new Snapshot(values, Collections.unmodifiableMap(resolve(values)));
    snapshot = next;
    return next.tags;
  }

  private Map<String, String> resolve(String[] propertyValues) {
    Map<String, String> tags = new LinkedHashMap<>();
    int index = 0;
    for (Map.Entry<String, List<String>> source : SOURCES.entrySet()) {
      String value = propertyValues[index++];
      for (String variable : source.getValue()) {
        if (present(value)) {
          break;
        }
        value = environment.get(variable);
      }
      if (present(value)) {
        tags.put(source.getKey(), value);
      }
    }
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

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private static boolean sameReferences(String[] a, String[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  private record Snapshot(String[] properties, Map<String, String> tags) {}
}
