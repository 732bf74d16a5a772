package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.MariaDb;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.lineage.DefaultLineageDataset;
import org.apache.flink.streaming.api.lineage.DefaultLineageGraph;
import org.apache.flink.streaming.api.lineage.DefaultLineageVertex;
import org.apache.flink.streaming.api.lineage.DefaultSourceLineageVertex;
import org.apache.flink.streaming.runtime.execution.DefaultJobCreatedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lineage database down when a job is submitted: the submission does not wait, the failure is
 * counted, and the lineage is written once the database is back.
 */
class LineageListenerITCase {
  @RegisterExtension static final MariaDb MARIADB = new MariaDb();

  @Test
  void aJobSubmittedWhileTheDatabaseIsDownGetsItsLineageWhenItReturns() throws Exception {
    MARIADB.createDatabase("lineage");
    Configuration catalog = new Configuration();
    catalog.setString("url", MARIADB.jdbcUrl("lineage"));
    catalog.setString("username", MARIADB.username());
    catalog.setString("connection-timeout", "1 s");
    try (LineageStore migrated = LineageStore.open(catalog, getClass().getClassLoader())) {
      assertThat(migrated.edges()).isEmpty();
    }
    LineageListener listener =
        new LineageListener(() -> LineageStore.open(catalog, getClass().getClassLoader()), 200);

    MARIADB.stop();
    try {
      long start = System.nanoTime();
      listener.onEvent(jobCreated("orders-etl"));
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("the submission does not wait for the database")
          .isLessThan(Duration.ofMillis(200));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (listener.failedWrites() < 2) {
        assertThat(System.nanoTime()).as("the writes failed and were retried").isLessThan(deadline);
        Thread.sleep(50);
      }
      assertThat(listener.drained()).isFalse();
    } finally {
      MARIADB.restart();
    }

    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!listener.drained()) {
      assertThat(System.nanoTime()).as("lineage written after the restart").isLessThan(deadline);
      Thread.sleep(50);
    }
    try (LineageStore store = LineageStore.open(catalog, getClass().getClassLoader())) {
      assertThat(store.edges())
          .extracting(e -> e.jobName() + " " + e.direction() + " " + e.dataset())
          .containsExactly(
              "orders-etl sink kafka://broker-1:9092,broker-2:9092/orders_clean",
              "orders-etl source kafka://broker-1:9092,broker-2:9092/orders");
    }
  }

  private static DefaultJobCreatedEvent jobCreated(String name) {
    DefaultSourceLineageVertex source = new DefaultSourceLineageVertex(Boundedness.BOUNDED);
    source.addDataset(
        new DefaultLineageDataset("orders", "kafka://Broker-2:9092,broker-1:9092", Map.of()));
    DefaultLineageVertex sink = new DefaultLineageVertex();
    sink.addLineageDataset(
        new DefaultLineageDataset("orders_clean", "kafka://broker-1,broker-2", Map.of()));
    return new DefaultJobCreatedEvent(
        new JobID(),
        name,
        DefaultLineageGraph.builder().addSourceVertex(source).addSinkVertex(sink).build(),
        RuntimeExecutionMode.STREAMING);
  }
}
