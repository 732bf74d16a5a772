package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.FlinkStandaloneCluster;
import io.streamkit.testkit.Kafka;
import io.streamkit.testkit.LocalRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TaskManager process that runs a Kafka-to-Kafka SQL job (exactly-once sink, submitted with
 * {@code sql run --target remote --detached}) is killed with SIGKILL while records stream through;
 * a new TaskManager takes over, the job restarts from its last checkpoint, and a {@code
 * read_committed} reader of the sink finds every record exactly once.
 */
class StandaloneClusterFaultITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();

  private static final int RECORDS = 12_000;
  private static FlinkStandaloneCluster flink;

  @TempDir Path dir;

  @BeforeAll
  static void startTheCluster() throws Exception {
    // The Kafka connector in lib/, as users install it next to Flink.
    flink =
        new FlinkStandaloneCluster(1, 2)
            .libJar(LocalRepository.jar("org.apache.flink:flink-connector-kafka:5.0.0-2.2"))
            .libJar(LocalRepository.jar("org.apache.kafka:kafka-clients:4.2.1"))
            .with("heartbeat.interval", "500")
            .with("heartbeat.timeout", "4000");
    flink.start();
  }

  @AfterAll
  static void stopTheCluster() throws Exception {
    if (flink != null) {
      flink.close();
    }
  }

  @Test
  void aKilledTaskManagerLosesAndDuplicatesNothing() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String in = "eo-in-" + id;
    String out = "eo-out-" + id;
    KAFKA.createTopic(in, 1);
    KAFKA.createTopic(out, 1);
    String kafka = "'properties.bootstrap.servers' = '" + KAFKA.bootstrapServers() + "'";
    Path script =
        Files.writeString(
            dir.resolve("eo.sql"),
            String.join(
                "\n",
                "SET 'pipeline.name' = 'eo-job';",
                "SET 'execution.checkpointing.interval' = '1 s';",
                "SET 'restart-strategy.type' = 'fixed-delay';",
                "SET 'restart-strategy.fixed-delay.attempts' = '20';",
                "SET 'restart-strategy.fixed-delay.delay' = '1 s';",
                "CREATE TEMPORARY TABLE src (id BIGINT) WITH ('connector' = 'kafka', 'topic' = '"
                    + in
                    + "', "
                    + kafka
                    + ", 'properties.group.id' = 'eo', 'scan.startup.mode' = 'earliest-offset',"
                    + " 'format' = 'json');",
                "CREATE TEMPORARY TABLE dst (id BIGINT) WITH ('connector' = 'kafka', 'topic' = '"
                    + out
                    + "', "
                    + kafka
                    + ", 'format' = 'json', 'sink.delivery-guarantee' = 'exactly-once',"
                    + " 'sink.transactional-id-prefix' = 'eo-"
                    + id
                    + "', 'properties.transaction.timeout.ms' = '60000');",
                "INSERT INTO dst SELECT id FROM src;",
                ""));
    CliRun submitted =
        CliRun.of(
            "sql",
            "run",
            "--target",
            "remote",
            "--rest",
            flink.rest(),
            "--detached",
            "-D",
            "streamkit.catalog.url=jdbc:h2:file:" + dir.resolve("catalog").toAbsolutePath(),
            script.toString());
    assertThat(submitted.exitCode()).as(submitted.toString()).isZero();
    Matcher job = Pattern.compile("Job ID: ([0-9a-f]{32})").matcher(submitted.out());
    assertThat(job.find()).as(submitted.out()).isTrue();
    String jobId = job.group(1);

    CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(in));
    awaitCommitted(out, 1_000, Duration.ofSeconds(90));
    flink.killTaskManager(0); // the only one: it runs the job
    flink.startTaskManager();
    producing.get();

    List<String> committed = awaitCommitted(out, RECORDS, Duration.ofSeconds(120));
    Set<String> distinct = new HashSet<>(committed);
    assertThat(committed).as("every record once").hasSize(RECORDS);
    assertThat(distinct).hasSize(RECORDS);
    // The fault really happened: the job failed over when its TaskManager was lost, and runs.
    assertThat(flink.get("/jobs/" + jobId + "/exceptions")).containsPattern("\"entries\":\\[\\{");
    assertThat(flink.get("/jobs/" + jobId)).contains("\"state\":\"RUNNING\"");
  }

  /** Produces ids 0..RECORDS-1 at about 2,000 a second, so the kill comes mid-stream. */
  private static void produce(String topic) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            KAFKA.clientProperties(), new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < RECORDS; i++) {
        producer.send(new ProducerRecord<>(topic, "{\"id\":" + i + "}"));
        if (i % 200 == 199) {
          producer.flush();
          Thread.sleep(100);
        }
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The committed values of {@code topic} once there are at least {@code count}. */
  private static List<String> awaitCommitted(String topic, int count, Duration timeout)
      throws InterruptedException {
    Properties props = KAFKA.clientProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<String> values = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition p = new TopicPartition(topic, 0);
      consumer.assign(List.of(p));
      consumer.seekToBeginning(List.of(p));
      while (values.size() < count) {
        assertThat(System.nanoTime())
            .as("%d of %d records committed in %s", values.size(), count, topic)
            .isLessThan(deadline);
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      // Anything committed beyond the count (a duplicate) shows up within a few more polls.
      for (int i = 0; i < 10; i++) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
    }
    return values;
  }
}
