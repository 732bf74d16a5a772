package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.table.api.TableConfig;
import org.junit.jupiter.api.Test;

class JobTaggingTest {
  @Test
  void tagsContainersOfARemoteJobAndKeepsWhatTheUserSet() {
    Configuration conf = new Configuration();
    conf.setString("containerized.taskmanager.env.STREAMKIT_CLUSTER", "prod-eu");

    JobTagging.apply(conf, JobTagging.tags(conf, Path.of("jobs/orders-etl.sql"), "jm:8081"), false);

    Map<String, String> flat = conf.toMap();
    assertThat(flat)
        .containsEntry("containerized.master.env.STREAMKIT_JOB_NAME", "orders-etl")
        .containsEntry("containerized.taskmanager.env.STREAMKIT_JOB_NAME", "orders-etl")
        .containsEntry("containerized.master.env.STREAMKIT_CLUSTER", "jm:8081")
        .containsEntry("containerized.taskmanager.env.STREAMKIT_CLUSTER", "prod-eu")
        .containsEntry("containerized.master.env.STREAMKIT_OWNER", System.getProperty("user.name"));
    assertThat(conf.get(PipelineOptions.NAME)).isEqualTo("orders-etl");
  }

  @Test
  void pipelineNameAndClusterNameOptionWin() {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.NAME, "nightly");
    conf.set(StreamkitOptions.CLUSTER_NAME, "staging");

    assertThat(JobTagging.tags(conf, Path.of("x.sql"), "local"))
        .containsEntry("STREAMKIT_JOB_NAME", "nightly")
        .containsEntry("STREAMKIT_CLUSTER", "staging");
  }

  @Test
  void aPipelineNameSetByTheScriptRenamesTheContainersTagsButNotTheKeysTheUserSet() {
    Configuration conf = new Configuration();
    conf.setString("containerized.taskmanager.env.STREAMKIT_JOB_NAME", "pinned");
    JobTagging tagging =
        JobTagging.apply(conf, JobTagging.tags(conf, Path.of("orders-etl.sql"), "jm:8081"), false);
    TableConfig session = session(conf);

    tagging.beforeStatement(session); // nothing SET yet
    assertThat(session.getConfiguration().toMap()).isEmpty();

    session.set(PipelineOptions.NAME, "nightly"); // SET 'pipeline.name' = 'nightly';
    tagging.beforeStatement(session);
    assertThat(session.get(key("containerized.master.env.STREAMKIT_JOB_NAME")))
        .isEqualTo("nightly");
    assertThat(session.get(key("containerized.taskmanager.env.STREAMKIT_JOB_NAME")))
        .isEqualTo("pinned");

    session.getConfiguration().setString("containerized.master.env.STREAMKIT_JOB_NAME", "mine");
    session.set(PipelineOptions.NAME, "orders-etl"); // RESET 'pipeline.name';
    tagging.beforeStatement(session);
    assertThat(session.get(key("containerized.master.env.STREAMKIT_JOB_NAME"))).isEqualTo("mine");
  }

  @Test
  void aLocalRunsJobNameTagFollowsThePipelineName() {
    String before = System.getProperty("STREAMKIT_JOB_NAME");
    try {
      Configuration conf = new Configuration();
      JobTagging tagging =
          JobTagging.apply(conf, JobTagging.tags(conf, Path.of("orders-etl.sql"), "local"), true);
      assertThat(System.getProperty("STREAMKIT_JOB_NAME")).isEqualTo("orders-etl");
      TableConfig session = session(conf);

      session.set(PipelineOptions.NAME, "nightly");
      tagging.beforeStatement(session);

      assertThat(System.getProperty("STREAMKIT_JOB_NAME")).isEqualTo("nightly");
    } finally {
      if (before == null) {
        System.clearProperty("STREAMKIT_JOB_NAME");
      } else {
        System.setProperty("STREAMKIT_JOB_NAME", before);
      }
    }
  }

  /** A table session's configuration over {@code conf}, as the CLI creates it. */
  private static TableConfig session(Configuration conf) {
    TableConfig config = TableConfig.getDefault();
    config.setRootConfiguration(conf);
    return config;
  }

  private static ConfigOption<String> key(String key) {
    return ConfigOptions.key(key).stringType().noDefaultValue();
  }
}
