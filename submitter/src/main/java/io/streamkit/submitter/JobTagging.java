package io.streamkit.submitter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.table.api.TableConfig;

/**
 * Tags the jobs the CLI submits with the {@code STREAMKIT_*} variables that {@code log-appender}
 * (and anything else on the platform) reads: as container environment variables through Flink's
 * {@code containerized.master.env.*} and {@code containerized.taskmanager.env.*} keys, and, for a
 * local run, whose job lives in this JVM, as system properties. Values the user set stay as they
 * are. A script's {@code SET 'pipeline.name'} (or {@code RESET}) renames the jobs after it, so the
 * job-name tag follows it, as the name in the jobs' metrics does.
 */
final class JobTagging {
  static final String MASTER_ENV = "containerized.master.env.";
  static final String TASKMANAGER_ENV = "containerized.taskmanager.env.";
  static final String JOB_NAME = "STREAMKIT_JOB_NAME";
  static final String JOB_ID = "STREAMKIT_JOB_ID";

  /** Tags given as JVM system properties when the CLI started: the user's, never overwritten. */
  private static final Set<String> USER_PROPERTIES =
      Stream.of(JOB_NAME, JOB_ID, "STREAMKIT_OWNER", "STREAMKIT_CLUSTER")
          .filter(name -> System.getProperty(name) != null)
          .collect(Collectors.toUnmodifiableSet());

  private final boolean local;
  private final List<String> ownNameKeys; // the container keys of the job name that we set
  private String jobName;

  private JobTagging(boolean local, List<String> ownNameKeys, String jobName) {
    this.local = local;
    this.ownNameKeys = ownNameKeys;
    this.jobName = jobName;
  }

  /** The tags known before submission: job name, owner and cluster. */
  static Map<String, String> tags(Configuration conf, Path script, String cluster) {
    Map<String, String> tags = new LinkedHashMap<>();
    String jobName =
        conf.getOptional(PipelineOptions.NAME).orElseGet(() -> baseName(script.getFileName()));
    tags.put(JOB_NAME, jobName);
    tags.put("STREAMKIT_OWNER", System.getProperty("user.name", "unknown"));
    tags.put("STREAMKIT_CLUSTER", conf.getOptional(StreamkitOptions.CLUSTER_NAME).orElse(cluster));
    return tags;
  }

  /**
   * Puts the tags into the containers' environment, and into this JVM for a local run.
   *
   * @return the tagging of this run's jobs, told of each statement and job by {@link ScriptRunner}
   */
  static JobTagging apply(Configuration conf, Map<String, String> tags, boolean local) {
    Map<String, String> flat = conf.toMap();
    List<String> ownNameKeys = new ArrayList<>();
    tags.forEach(
        (variable, value) -> {
          for (String prefix : new String[] {MASTER_ENV, TASKMANAGER_ENV}) {
            if (!flat.containsKey(prefix + variable)) {
              conf.setString(prefix + variable, value);
              if (variable.equals(JOB_NAME)) {
                ownNameKeys.add(prefix + variable);
              }
            }
          }
          if (local && !USER_PROPERTIES.contains(variable)) {
            System.setProperty(variable, value);
          }
        });
    if (local && !USER_PROPERTIES.contains(JOB_ID)) {
      System.clearProperty(JOB_ID); // a previous script's job is not this one
    }
    if (!conf.contains(PipelineOptions.NAME)) {
      conf.set(PipelineOptions.NAME, tags.get(JOB_NAME));
    }
    return new JobTagging(local, ownNameKeys, tags.get(JOB_NAME));
  }

  /**
   * Before each statement of a run: the jobs it starts are tagged with the session's {@code
   * pipeline.name}, which the script may have SET or RESET since. Container keys the user set,
   * before the run or in the script, stay as they are.
   */
  void beforeStatement(TableConfig session) {
    String name = session.getOptional(PipelineOptions.NAME).orElse(jobName);
    if (name.equals(jobName)) {
      return;
    }
    for (String key : ownNameKeys) {
      String current =
          session.getOptional(ConfigOptions.key(key).stringType().noDefaultValue()).orElse(null);
      if (Objects.equals(current, jobName)) {
        session.getConfiguration().setString(key, name);
      }
    }
    if (local && !USER_PROPERTIES.contains(JOB_NAME)) {
      System.setProperty(JOB_NAME, name);
    }
    jobName = name;
  }

  /** The name of the jobs the current statement starts. */
  String jobName() {
    return jobName;
  }

  /** A local job's id becomes a tag of every line logged after its submission. */
  void submitted(String jobId) {
    if (local && !USER_PROPERTIES.contains(JOB_ID)) {
      System.setProperty(JOB_ID, jobId);
    }
  }

  private static String baseName(Path file) {
    String name = file == null ? "streamkit-job" : file.toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
