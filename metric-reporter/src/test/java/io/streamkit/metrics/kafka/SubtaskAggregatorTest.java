package io.streamkit.metrics.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

class SubtaskAggregatorTest {
  private static Map<String, String> tags(int subtask) {
    return Map.of(
        "job_id",
        "j",
        "operator_name",
        "map",
        "subtask_index",
        "" + subtask,
        "task_attempt_num",
        "0");
  }

  @Test
  void sumsCountersTakesMaximaAndOrsBooleansPerOperator() {
    SubtaskAggregator aggregator = new SubtaskAggregator();
    for (int subtask = 0; subtask < 3; subtask++) {
      SimpleCounter counter = new SimpleCounter();
      counter.inc(10 + subtask);
      int s = subtask;
      assertThat(aggregator.add("numRecordsIn", "x", tags(subtask), counter)).isTrue();
      assertThat(
              aggregator.add("records-lag-max", "x", tags(subtask), (Gauge<Long>) () -> 100L * s))
          .isTrue();
      assertThat(
              aggregator.add("isBackPressured", "x", tags(subtask), (Gauge<Boolean>) () -> s == 1))
          .isTrue();
    }
    assertThat(aggregator.add("text", "x", tags(0), (Gauge<String>) () -> "RUNNING")).isFalse();

    List<SubtaskAggregator.Aggregate> all = new ArrayList<>();
    aggregator.aggregates().forEach(all::add);
    assertThat(all).hasSize(3).allSatisfy(a -> assertThat(a.subtasks).isEqualTo(3));
    assertThat(all)
        .allSatisfy(
            a -> assertThat(a.tags).doesNotContainKeys("subtask_index", "task_attempt_num"));
    assertThat(all.get(0).value).isEqualTo(33);
    assertThat(all.get(1).value).isEqualTo(200);
    assertThat(all.get(2).bool).isTrue();
    assertThat(MetricEventWriter.writeAggregate("id-1", 0, all.get(0)))
        .contains("\"value\":33")
        .contains("\"subtasks\":3")
        .contains("\"operator_name\":\"map\"");
  }
}
