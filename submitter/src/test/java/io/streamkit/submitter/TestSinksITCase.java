package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.Kafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sql run --test-sinks} on a real broker: a job reading a production topic as production's
 * consumer group writes to {@code <topic>_test} (created like the production topic), production's
 * topic stays empty, production's group keeps its committed offsets and the test group commits
 * none; a filesystem sink goes to the print connector; a Kafka table the redirection cannot reach
 * (a catalog the script creates) refuses the job; a JDBC sink without a test database and CREATE
 * TABLE AS refuse it with the fix.
 */
class TestSinksITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();

  private static final String GROUP = "orders-prod";

  @TempDir Path tmp;

  private static int topicNumber;
  private String in;
  private String out;

  @BeforeEach
  void topics() {
    topicNumber++;
    in = "orders-in-" + topicNumber;
    out = "orders-out-" + topicNumber;
    KAFKA.createTopic(in, 2);
    KAFKA.createTopic(out, 2);
    KAFKA.produce(in, IntStream.range(0, 50).mapToObj(i -> "{\"id\":" + i + "}").toList());
  }

  private CliRun run(String script, String... extra) throws Exception {
    Path file = Files.writeString(tmp.resolve("orders-copy.sql"), script);
    List<String> args = new ArrayList<>(List.of("sql", "run"));
    args.addAll(List.of(extra));
    args.addAll(
        List.of(
            "-D",
            "streamkit.catalog.url=jdbc:h2:file:" + tmp.resolve("catalog").toAbsolutePath(),
            "-D",
            "parallelism.default=1",
            file.toString()));
    return CliRun.of(args.toArray(String[]::new));
  }

  private String kafka(String topic, String more) {
    return "('connector' = 'kafka', 'topic' = '"
        + topic
        + "', 'properties.bootstrap.servers' = '"
        + KAFKA.bootstrapServers()
        + "', 'format' = 'json'"
        + more
        + ")";
  }

  /** A bounded read of the production topic as production's group, from the beginning. */
  private String source(String table, boolean temporary) {
    return "CREATE "
        + (temporary ? "TEMPORARY " : "")
        + "TABLE IF NOT EXISTS "
        + table
        + " (id BIGINT) WITH "
        + kafka(
            in,
            ", 'properties.group.id' = '"
                + GROUP
                + "', 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' ="
                + " 'latest-offset'")
        + ";\n";
  }

  /** Production's group has committed offsets 10 and 20 on the source's two partitions. */
  private void commitProductionOffsets() {
    Properties props = KAFKA.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.commitSync(
          Map.of(
              new TopicPartition(in, 0), new OffsetAndMetadata(10),
              new TopicPartition(in, 1), new OffsetAndMetadata(20)));
    }
  }

  private Map<Integer, Long> committed(String group) throws Exception {
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      return admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get()
          .entrySet()
          .stream()
          .filter(e -> e.getKey().topic().equals(in))
          .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
    }
  }

  private int partitions(String topic) throws Exception {
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .size();
    }
  }

  @Test
  void aTestRunWritesToTestCopiesAndLeavesProductionAsItWas() throws Exception {
    commitProductionOffsets();
    Path files = Files.createDirectories(tmp.resolve("audit"));
    String script =
        source("src", false) // in the streamkit catalog: read through the wrapped catalog
            + "CREATE TEMPORARY TABLE dst (id BIGINT) WITH "
            + kafka(out, ", 'sink.delivery-guarantee' = 'at-least-once'")
            + ";\n"
            + "CREATE TEMPORARY TABLE audit (id BIGINT) WITH ('connector' = 'filesystem',"
            + " 'path' = '"
            + files.toUri()
            + "', 'format' = 'json');\n"
            + "EXECUTE STATEMENT SET BEGIN\n"
            + "INSERT INTO dst SELECT id FROM src;\n"
            + "INSERT INTO audit SELECT id FROM src WHERE id < 5;\n"
            + "END;\n";

    CliRun test = run(script, "--test-sinks");

    assertThat(test.exitCode()).as(test.toString()).isZero();
    assertThat(test.out())
        .contains(
            "Test sink: streamkit.default.dst -> Kafka topic "
                + out
                + "_test at "
                + KAFKA.bootstrapServers()
                + " (created "
                + out
                + "_test with 2 partitions)")
        .contains(
            "Test sink: streamkit.default.audit ('connector' = 'filesystem') ->"
                + " connector print (standard output of the task)");
    assertThat(KAFKA.consumeValues(out + "_test")).hasSize(50);
    assertThat(partitions(out + "_test")).isEqualTo(2);
    assertThat(KAFKA.consumeValues(out)).isEmpty();
    try (var written = Files.list(files)) {
      assertThat(written).isEmpty();
    }
    assertThat(committed(GROUP)).isEqualTo(Map.of(0, 10L, 1, 20L));
    assertThat(committed(GROUP + "_test")).isEmpty();
    CliRun list =
        CliRun.of(
            "job",
            "list",
            "--all",
            "-D",
            "streamkit.catalog.url=jdbc:h2:file:" + tmp.resolve("catalog").toAbsolutePath());
    assertThat(list.out()).as(list.toString()).contains("orders-copy_test");

    // The catalog kept production's table: the same script without --test-sinks writes to
    // production, the test topic gets nothing more.
    CliRun production = run(script);
    assertThat(production.exitCode()).as(production.toString()).isZero();
    assertThat(production.out()).doesNotContain("Test sink");
    assertThat(KAFKA.consumeValues(out)).hasSize(50);
    assertThat(KAFKA.consumeValues(out + "_test")).hasSize(50);
  }

  @Test
  void aKafkaTableOutOfReachRefusesTheJobBeforeItReadsAnything() throws Exception {
    commitProductionOffsets();
    String script =
        "CREATE CATALOG other WITH ('type' = 'generic_in_memory');\n"
            + source("other.`default`.src", false)
            + "CREATE TEMPORARY TABLE dst (id BIGINT) WITH "
            + kafka(out, "")
            + ";\n"
            + "INSERT INTO dst SELECT id FROM other.`default`.src;\n";

    CliRun test = run(script, "--test-sinks");

    assertThat(test.exitCode()).as(test.toString()).isEqualTo(1);
    assertThat(test.err())
        .contains(
            "Test mode refused the job: other.default.src would read as consumer group '"
                + GROUP
                + "' and commit its offsets");
    assertThat(KAFKA.consumeValues(out + "_test")).isEmpty();
    assertThat(KAFKA.consumeValues(out)).isEmpty();
    assertThat(committed(GROUP)).isEqualTo(Map.of(0, 10L, 1, 20L));
  }

  @Test
  void sinksTestModeCannotRedirectRefuseWithTheFix() throws Exception {
    String jdbc =
        source("src", true)
            + "CREATE TEMPORARY TABLE dst (id BIGINT) WITH ('connector' = 'jdbc', 'url' ="
            + " 'jdbc:mysql://production:3306/shop', 'table-name' = 'orders');\n"
            + "INSERT INTO dst SELECT id FROM src;\n";
    CliRun noTestDatabase = run(jdbc, "--test-sinks", "--skip-validation");
    assertThat(noTestDatabase.exitCode()).isEqualTo(1);
    assertThat(noTestDatabase.err())
        .contains(
            "Test mode: streamkit.default.dst writes to a database ('connector' ="
                + " 'jdbc'). Set streamkit.test-sinks.jdbc.url to a test database that has table"
                + " 'orders', or run without --test-sinks.");

    String ctas =
        source("src", true)
            + "CREATE TABLE copy WITH "
            + kafka(out, "")
            + " AS SELECT id FROM src;\n";
    CliRun createAs = run(ctas, "--test-sinks");
    assertThat(createAs.exitCode()).isEqualTo(1);
    assertThat(createAs.err())
        .contains(
            "Test mode cannot run CREATE TABLE ... AS SELECT: it would create the production");
    assertThat(KAFKA.consumeValues(out)).isEmpty();
  }
}
