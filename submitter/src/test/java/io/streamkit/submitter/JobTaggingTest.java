package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
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
}
