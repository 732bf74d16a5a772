package io.streamkit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobTagsTest {
  @Test
  void fallsBackToWhatYarnSets() {
    JobTags tags =
        new JobTags(
            Map.of("CONTAINER_ID", "container_e01_1700000000000_0042_01_000001", "USER", "ana"),
            name -> null);

    assertThat(tags.current())
        .containsEntry("container_id", "container_e01_1700000000000_0042_01_000001")
        .containsEntry("application_id", "application_1700000000000_0042")
        .containsEntry("owner", "ana")
        .doesNotContainKey("job_name");
  }

  @Test
  void systemPropertiesWinAndAreSeenWhenTheyChange() {
    Map<String, String> properties = new HashMap<>();
    JobTags tags = new JobTags(Map.of("STREAMKIT_JOB_NAME", "from-env"), properties::get);
    assertThat(tags.current()).containsEntry("job_name", "from-env").doesNotContainKey("job_id");

    properties.put("STREAMKIT_JOB_NAME", "orders-etl");
    properties.put("STREAMKIT_JOB_ID", "a1b2");
    assertThat(tags.current())
        .containsEntry("job_name", "orders-etl")
        .containsEntry("job_id", "a1b2");

    properties.remove("STREAMKIT_JOB_ID");
    assertThat(tags.current()).doesNotContainKey("job_id");
  }

  @Test
  void unchangedPropertiesReuseTheSameMap() {
    JobTags tags = new JobTags(Map.of("STREAMKIT_CLUSTER", "prod"), name -> null);
    assertThat(tags.current()).isSameAs(tags.current());
  }
}
