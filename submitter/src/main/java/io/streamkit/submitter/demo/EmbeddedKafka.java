package io.streamkit.submitter.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A one-node KRaft Kafka in this process, for the demo: no external service needed. */
final class EmbeddedKafka implements AutoCloseable {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaClusterTestKit cluster;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  static EmbeddedKafka start(Path dir) throws Exception {
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(dir)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    formatQuietly(cluster);
    cluster.startup();
    cluster.waitForReadyBrokers();
    return new EmbeddedKafka(cluster);
  }

  /**
   * Kafka's storage formatter prints "Bootstrap metadata: ..." and "Formatting metadata directory
   * ..." to System.out, which a newcomer reads as the demo's output. They are kept, and shown on
   * stderr only if formatting fails. The demo is single-threaded at this point, so swapping
   * System.out briefly affects nothing else.
   */
  private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
    java.io.PrintStream stdout = System.out;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      cluster.format();
    } catch (Exception e) {
      System.err.print(captured.toString(java.nio.charset.StandardCharsets.UTF_8));
      throw e;
    } finally {
      System.setOut(stdout);
    }
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  private Properties clientProperties() {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers());
    return props;
  }

  void createTopics(Collection<String> topics, int partitions)
      throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(clientProperties())) {
      admin
          .createTopics(topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList())
          .all()
          .get();
    }
  }

  void produce(String topic, List<String> values) throws InterruptedException {
    Properties props = clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      List<Future<RecordMetadata>> sends =
          values.stream().map(v -> producer.send(new ProducerRecord<>(topic, v))).toList();
      producer.flush();
      // A failed send shows up only in its future: check every one, so that a demo never
      // compares its outputs against input the topic does not hold.
      int failed = 0;
      Exception first = null;
      for (Future<RecordMetadata> send : sends) {
        try {
          send.get();
        } catch (ExecutionException e) {
          failed++;
          first = first == null ? (Exception) e.getCause() : first;
        }
      }
      if (failed > 0) {
        throw new IllegalStateException(
            failed + " of " + values.size() + " records could not be produced to " + topic, first);
      }
    }
  }

  /** Records in {@code topic}: the sum of its partitions' end offsets (nothing is ever deleted). */
  long count(String topic) throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(clientProperties())) {
      int partitions =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      return admin.listOffsets(request).all().get().values().stream()
          .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
          .sum();
    }
  }

  /** Every value in {@code topic}, from the beginning to its current end. */
  List<String> values(String topic) throws ExecutionException, InterruptedException {
    long expected = count(topic);
    Properties props = clientProperties();
    props.put("enable.auto.commit", "false");
    List<String> values = new java.util.ArrayList<>();
    try (org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<>(
            props,
            new org.apache.kafka.common.serialization.StringDeserializer(),
            new org.apache.kafka.common.serialization.StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
    }
    return values;
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
