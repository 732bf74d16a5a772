package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.Kafka;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The DataStream job on a MiniCluster, a real Kafka broker and a dimension table in H2. */
class DataStreamJobTest {
  @RegisterExtension static final Kafka KAFKA = new Kafka();

  @TempDir Path dir;

  @Test
  void ordersAreEnrichedWithTheirCity() throws Exception {
    String dimUrl = "jdbc:h2:file:" + dir.resolve("dims").toAbsolutePath();
    try (Connection c = DriverManager.getConnection(dimUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE dim_city (id INT PRIMARY KEY, name VARCHAR(64))");
      s.execute("INSERT INTO dim_city VALUES (1, 'Wellington'), (2, 'Auckland')");
    }
    KAFKA.createTopic("orders", 1);
    KAFKA.createTopic("orders_enriched", 1);
    KAFKA.produce("orders", List.of("100,1,9.5", "101,2,3.0", "102,9,1.0"));

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    DataStreamJob.build(
        env,
        ParameterTool.fromArgs(
            new String[] {
              "--bootstrap", KAFKA.bootstrapServers(), "--dim-url", dimUrl, "--bounded", "true"
            }));
    env.execute("data-stream-job-test");

    assertThat(KAFKA.consumeValues("orders_enriched"))
        .containsExactlyInAnyOrder("100,Wellington,9.5", "101,Auckland,3.0", "102,unknown,1.0");
  }
}
