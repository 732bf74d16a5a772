package io.streamkit.submitter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.lineage.LineageDataset;
import org.apache.flink.streaming.api.lineage.LineageGraph;
import org.apache.flink.streaming.api.lineage.LineageVertex;
import org.apache.flink.table.catalog.CatalogBaseTable;

/**
 * The last check of a test run, on the job about to be submitted: every Kafka source reads as a
 * test consumer group that commits nothing and every Kafka sink writes to a test topic, whatever
 * path the tables took (a catalog the script creates itself is beyond {@link TestSinks}' reach).
 * Read from the job's lineage, where the planner reports each source's and sink's table with the
 * options it was planned with.
 */
final class TestRunGuard {
  private static final Set<String> KAFKA = Set.of("kafka", "upsert-kafka");

  private TestRunGuard() {}

  static void check(Pipeline pipeline, ReadableConfig conf) {
    if (!conf.get(StreamkitOptions.TEST_SINKS_ENABLED)
        || !(pipeline instanceof StreamGraph graph)
        || graph.getLineageGraph() == null) {
      return;
    }
    String suffix = conf.get(StreamkitOptions.TEST_SINKS_SUFFIX);
    LineageGraph lineage = graph.getLineageGraph();
    List<String> problems = new ArrayList<>();
    for (LineageVertex source : lineage.sources()) {
      for (LineageDataset dataset : source.datasets()) {
        Map<String, String> options = kafkaOptions(dataset);
        if (options == null) {
          continue;
        }
        String group = options.get(TestSinks.GROUP_ID);
        if (group == null
            || !group.endsWith(suffix)
            || !"false".equals(options.get(TestSinks.COMMIT_ON_CHECKPOINT))) {
          problems.add(
              dataset.name()
                  + " would read as consumer group '"
                  + group
                  + "' and commit its offsets");
        }
      }
    }
    for (LineageVertex sink : lineage.sinks()) {
      for (LineageDataset dataset : sink.datasets()) {
        Map<String, String> options = kafkaOptions(dataset);
        if (options == null) {
          continue;
        }
        for (String topic : options.getOrDefault("topic", "").split(";")) {
          if (!topic.trim().endsWith(suffix)) {
            problems.add(dataset.name() + " would write to production topic '" + topic + "'");
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "Test mode refused the job: "
              + String.join("; ", problems)
              + ". Tables of a catalog the script creates (CREATE CATALOG) are not redirected:"
              + " declare them in the streamkit catalog or as temporary tables, or run without"
              + " --test-sinks.");
    }
  }

  /**
   * The options of a Kafka table as planned, else null. The planner's dataset ({@code
   * TableLineageDataset}, inside the planner's own class loader) exposes the table through {@code
   * table()}.
   */
  private static Map<String, String> kafkaOptions(LineageDataset dataset) {
    try {
      Object table = dataset.getClass().getMethod("table").invoke(dataset);
      if (table instanceof CatalogBaseTable catalogTable
          && KAFKA.contains(catalogTable.getOptions().get("connector"))) {
        return catalogTable.getOptions();
      }
      return null;
    } catch (ReflectiveOperationException e) {
      return null; // not a table's dataset
    }
  }
}
