package io.streamkit.metrics.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReporterScopeTest {
  @Test
  void taskManagerTagsNameTheJobOnlyWhenThereIsOne() {
    ReporterScope scope = new ReporterScope();
    scope.learn(Map.of("host", "jm-host"));
    scope.learn(Map.of("host", "tm-host", "tm_id", "tm-1"));
    Map<String, String> a = Map.of("tm_id", "tm-1", "job_id", "a", "job_name", "etl");
    Map<String, String> b = Map.of("tm_id", "tm-1", "job_id", "b", "job_name", "other");

    Map<String, String> one = scope.tags(List.of(a, a));
    assertThat(one)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "component", "taskmanager",
                "host", "tm-host",
                "tm_id", "tm-1",
                "job_id", "a",
                "job_name", "etl"));
    assertThat(ReporterScope.key(one, "instance")).isEqualTo("tm-1");
    assertThat(scope.tags(List.of(a, b))).doesNotContainKeys("job_id", "job_name");
  }

  @Test
  void jobManagerIsKeyedByItsHostAndAnUnknownProcessByTheInstance() {
    ReporterScope scope = new ReporterScope();
    assertThat(scope.tags(List.of())).isEmpty();
    assertThat(ReporterScope.key(Map.of(), "instance")).isEqualTo("instance");
    scope.learn(Map.of("host", "jm-host", "job_id", "a"));
    Map<String, String> tags = scope.tags(List.of());
    assertThat(tags)
        .containsExactlyInAnyOrderEntriesOf(Map.of("component", "jobmanager", "host", "jm-host"));
    assertThat(ReporterScope.key(tags, "instance")).isEqualTo("jobmanager@jm-host");
  }
}
