package io.streamkit.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** metric-reporter's events (docs/metric-reporter.md, schema 1) as the rules read them. */
class MetricEventTest {
  @Test
  void aMeterFromTheReportersDocs() {
    MetricEvent e =
        MetricEvent.parse(
            "{\"schema\":1,\"id\":\"5f0c\",\"timestamp\":1763798400000,\"name\":\"numRecordsOutPerSecond\","
                + "\"scope\":\"localhost.taskmanager.tm-1.metrics-it.slow-map.0.numRecordsOutPerSecond\","
                + "\"tags\":{\"host\":\"localhost\",\"job_name\":\"metrics-it\",\"subtask_index\":\"0\"},"
                + "\"type\":\"meter\",\"value\":512.3,\"count\":10240}");
    assertThat(e.name()).isEqualTo("numRecordsOutPerSecond");
    assertThat(e.timestamp()).isEqualTo(1763798400000L);
    assertThat(e.tags())
        .containsEntry("job_name", "metrics-it")
        .containsEntry("subtask_index", "0");
    assertThat(e.value("value")).isEqualTo(512.3);
    assertThat(e.value("count")).isEqualTo(10240);
    assertThat(e.value("p99")).isNaN();
  }

  @Test
  void histogramsGaugesOfTextAndLastReadings() {
    MetricEvent h =
        MetricEvent.parse(
            "{\"schema\":1,\"timestamp\":5,\"name\":\"latency\",\"tags\":{},\"type\":\"histogram\","
                + "\"count\":3,\"min\":1,\"max\":9,\"mean\":4.5,\"p50\":4,\"p95\":9,\"p99\":9,\"final\":true}");
    assertThat(h.value("p99")).isEqualTo(9);
    assertThat(h.value("value")).isNaN();
    MetricEvent text =
        MetricEvent.parse(
            "{\"schema\":1,\"timestamp\":5,\"name\":\"latencySketch\",\"tags\":{},\"type\":\"gauge\","
                + "\"value\":\"{\\\"schema\\\":1}\"}");
    assertThat(text.value("value")).as("a text gauge has no number").isNaN();
    MetricEvent bool =
        MetricEvent.parse(
            "{\"schema\":1,\"timestamp\":5,\"name\":\"up\",\"type\":\"gauge\",\"value\":true}");
    assertThat(bool.value("value")).isEqualTo(1);
  }

  @Test
  void otherRecordsAreNotEvents() {
    assertThat(MetricEvent.parse("not json")).isNull();
    assertThat(MetricEvent.parse("[1,2]")).isNull();
    assertThat(MetricEvent.parse("{\"schema\":2,\"timestamp\":5,\"name\":\"x\"}")).isNull();
    assertThat(MetricEvent.parse("{\"schema\":1,\"name\":\"x\"}")).as("no time").isNull();
    assertThat(MetricEvent.parse("{\"schema\":1,\"timestamp\":5}")).as("no name").isNull();
  }
}
