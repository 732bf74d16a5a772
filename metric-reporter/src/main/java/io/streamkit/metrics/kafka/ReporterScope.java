package io.streamkit.metrics.kafka;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where this reporter runs, for the tags and key of its own drop-count event. The process part
 * ({@code host}, {@code tm_id}, {@code component}) is learned from the scope variables of every
 * metric Flink adds, selected or not, and kept; the job part ({@code job_id}, {@code job_name}) is
 * taken from the metrics registered now, and set only when they all belong to one job (a
 * TaskManager running two jobs gets none). {@code component} is {@code taskmanager} once a {@code
 * tm_id} was seen, else {@code jobmanager}. Flink's MiniCluster shares one reporter between its
 * JobManager and TaskManagers; there the first TaskManager's host and id are used.
 */
final class ReporterScope {
  private String tmId;
  private String tmHost;
  private String jmHost;

  /** Learns the process from one added metric's variables (without {@code <>}). */
  synchronized void learn(Map<String, String> tags) {
    String id = tags.get("tm_id");
    if (present(id)) {
      if (tmId == null) {
        tmId = id;
        tmHost = tags.get("host");
      }
    } else if (jmHost == null && tags.get("host") != null) {
      jmHost = tags.get("host");
    }
  }

  /** The tags of the reporter's own events, given the tags of the metrics registered now. */
  synchronized Map<String, String> tags(Iterable<Map<String, String>> registered) {
    Map<String, String> tags = new TreeMap<>();
    if (tmId != null) {
      tags.put("component", "taskmanager");
      tags.put("tm_id", tmId);
      if (tmHost != null) {
        tags.put("host", tmHost); // as the TaskManager's metrics carry it, even when empty
      }
    } else if (jmHost != null) {
      tags.put("component", "jobmanager");
      tags.put("host", jmHost);
    }
    String jobId = null;
    String jobName = null;
    for (Map<String, String> metric : registered) {
      String id = metric.get("job_id");
      if (id == null) {
        continue;
      }
      if (jobId != null && !jobId.equals(id)) {
        return tags; // more than one job: none is named
      }
      jobId = id;
      jobName = metric.get("job_name");
    }
    if (jobId != null) {
      tags.put("job_id", jobId);
      if (present(jobName)) {
        tags.put("job_name", jobName);
      }
    }
    return tags;
  }

  /**
   * The record key of the reporter's own events: the TaskManager id, else {@code jobmanager@host},
   * else {@code fallback} (the reporter instance), so each process's drop counts stay on one
   * partition.
   */
  static String key(Map<String, String> tags, String fallback) {
    String tm = tags.get("tm_id");
    if (tm != null) {
      return tm;
    }
    String host = tags.get("host");
    return present(host) ? "jobmanager@" + host : fallback;
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
