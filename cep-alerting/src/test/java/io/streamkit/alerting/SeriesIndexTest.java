package io.streamkit.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesIndexTest {
  private static Series series(String metric, Map<String, String> filter) {
    return new Series(null, metric, filter, Aggregate.MAX, Duration.ZERO, "value");
  }

  private static List<String> matches(
      SeriesIndex<String> index, String metric, Map<String, String> tags) {
    List<String> out = new ArrayList<>();
    index.forEachMatch(new MetricEvent(metric, 0, tags, Map.of("value", 1.0)), out::add);
    return out;
  }

  @Test
  void findsExactlyTheSeriesAnEventBelongsTo() {
    SeriesIndex<String> index = new SeriesIndex<>();
    index.add(series("lag", Map.of("job_name", "etl", "topic", "sdk_*")), "etl-sdk");
    index.add(series("lag", Map.of("job_name", "etl")), "etl");
    index.add(series("lag", Map.of("job_name", "other")), "other");
    index.add(series("lag", Map.of("topic", "*")), "any-topic");
    index.add(series("lag", Map.of()), "all-lag");
    index.add(series("num*", Map.of("job_name", "etl")), "num-etl");

    assertThat(matches(index, "lag", Map.of("job_name", "etl", "topic", "sdk_log")))
        .containsExactlyInAnyOrder("etl-sdk", "etl", "any-topic", "all-lag");
    assertThat(matches(index, "lag", Map.of("job_name", "etl", "topic", "web")))
        .containsExactlyInAnyOrder("etl", "any-topic", "all-lag");
    assertThat(matches(index, "lag", Map.of())).containsExactlyInAnyOrder("any-topic", "all-lag");
    assertThat(matches(index, "numRestarts", Map.of("job_name", "etl"))).containsExactly("num-etl");
    assertThat(matches(index, "numRestarts", Map.of("job_name", "x"))).isEmpty();

    index.remove(series("lag", Map.of("job_name", "etl")), "etl");
    index.remove(series("lag", Map.of("job_name", "etl")), "not there");
    assertThat(index.size()).isEqualTo(5);
    assertThat(matches(index, "lag", Map.of("job_name", "etl", "topic", "web")))
        .containsExactlyInAnyOrder("any-topic", "all-lag");
  }
}
