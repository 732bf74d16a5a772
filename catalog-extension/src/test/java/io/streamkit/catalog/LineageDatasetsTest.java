package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineageDatasetsTest {
  @Test
  void oneKafkaClusterSpelledTwoWaysIsOneDataset() {
    String a = LineageDatasets.normalize("kafka://Broker-2:9093,broker-1", "orders");
    String b =
        LineageDatasets.normalize("KAFKA://broker-1:9092, broker-2:9093,broker-1:9092", "orders");
    assertThat(a).isEqualTo(b).isEqualTo("kafka://broker-1:9092,broker-2:9093/orders");
  }

  @Test
  void otherTopicsAndClustersStayApart() {
    assertThat(LineageDatasets.normalize("kafka://broker-1:9092", "orders"))
        .isNotEqualTo(LineageDatasets.normalize("kafka://broker-1:9092", "refunds"))
        .isNotEqualTo(LineageDatasets.normalize("kafka://broker-3:9092", "orders"));
  }

  @Test
  void aDatasetWithoutNamespaceIsItsName() {
    assertThat(LineageDatasets.normalize(null, "streamkit.dw.orders"))
        .isEqualTo("streamkit.dw.orders");
    assertThat(LineageDatasets.normalize("jdbc:postgresql://db/app", "users"))
        .isEqualTo("jdbc:postgresql://db/app/users");
  }
}
