package io.streamkit.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker in this JVM: one combined KRaft controller and broker from {@code
 * kafka-test-common-runtime}, on random loopback ports, with a temporary log directory. Register as
 * a static {@code @RegisterExtension} field. {@link #stopBroker()} and {@link #restartBroker()}
 * take the broker away and bring it back on the same port, for fault tests.
 */
public final class Kafka implements BeforeAllCallback, AfterAllCallback {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private KafkaClusterTestKit cluster;
  private Path baseDir;
  private String bootstrapServers;
  private final String saslUser; // null: a PLAINTEXT listener
  private final String saslPassword;

  /** A broker whose clients connect without authentication. */
  public Kafka() {
    this(null, null);
  }

  private Kafka(String saslUser, String saslPassword) {
    this.saslUser = saslUser;
    this.saslPassword = saslPassword;
  }

  /**
   * A broker whose client listener requires SASL_PLAINTEXT with mechanism PLAIN and this user (no
   * ACLs: an authenticated client may do anything). {@link #clientProperties()} carries the
   * credentials; {@link #saslJaasConfig()} is the line a client configures.
   */
  public static Kafka withSaslPlain(String user, String password) {
    return new Kafka(user, password);
  }

  /** {@code sasl.jaas.config} of this broker's user. */
  public String saslJaasConfig() {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + saslUser
        + "\" password=\""
        + saslPassword
        + "\";";
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  /**
   * Hadoop's RPC servers (MiniYARNCluster, MiniDFSCluster) register a SASL "PLAIN" server of their
   * own as a JCE provider; started earlier in the same JVM, it comes first and the broker then
   * checks every login against Hadoop's users ("invalid credentials"). Kafka's goes first here.
   */
  private static void preferKafkasPlainServer() {
    org.apache.kafka.common.security.plain.internals.PlainSaslServerProvider.initialize();
    for (java.security.Provider provider : java.security.Security.getProviders()) {
      if (provider
          instanceof org.apache.kafka.common.security.plain.internals.PlainSaslServerProvider) {
        java.security.Security.removeProvider(provider.getName());
        java.security.Security.insertProviderAt(provider, 1);
        return;
      }
    }
  }

  public synchronized void start() throws Exception {
    if (cluster != null) {
      throw new IllegalStateException("Kafka is already running at " + bootstrapServers);
    }
    baseDir = Files.createTempDirectory("kafka-");
    TestKitNodes.Builder nodes =
        new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .setBaseDirectory(baseDir);
    if (saslUser != null) {
      nodes.setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT); // the controller's: plain
      preferKafkasPlainServer();
    }
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build());
    if (saslUser != null) {
      // The broker's own login on its (inter-broker) listener and the one user clients have. The
      // kit's authorizer would refuse the broker's anonymous registration with the controller.
      builder
          .setConfigProp(
              "listener.name.external.plain.sasl.jaas.config",
              "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                  + saslUser
                  + "\" password=\""
                  + saslPassword
                  + "\" user_"
                  + saslUser
                  + "=\""
                  + saslPassword
                  + "\";")
          .setConfigProp("authorizer.class.name", "");
    }
    cluster =
        builder
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("auto.create.topics.enable", "true")
            .setConfigProp("num.partitions", "1")
            .setDeleteOnClose(true)
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    bootstrapServers = cluster.bootstrapServers();
  }

  public synchronized void close() throws Exception {
    if (cluster != null) {
      cluster.close();
      cluster = null;
      if (saslUser != null) {
        // The kit points the JVM at a JAAS file it has deleted: clients of later tests would
        // look for a KafkaClient section there.
        System.clearProperty("java.security.auth.login.config");
      }
    }
    if (baseDir != null) {
      DatabaseServer.deleteRecursively(baseDir);
      baseDir = null;
    }
  }

  /** {@code host:port} of the broker; unchanged across {@link #restartBroker()}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Shuts the broker down (the controller stays up); clients see the broker as unreachable. */
  public synchronized void stopBroker() {
    for (BrokerServer broker : cluster.brokers().values()) {
      broker.shutdown();
      broker.awaitShutdown();
    }
  }

  /** Starts the broker again on its old port with its old data. */
  public synchronized void restartBroker() throws ExecutionException, InterruptedException {
    for (BrokerServer broker : cluster.brokers().values()) {
      broker.startup();
    }
    cluster.waitForReadyBrokers();
  }

  /** Client properties pointing at this broker. */
  public Properties clientProperties() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    if (saslUser != null) {
      props.put("security.protocol", "SASL_PLAINTEXT");
      props.put("sasl.mechanism", "PLAIN");
      props.put("sasl.jaas.config", saslJaasConfig());
    }
    return props;
  }

  public void createTopic(String topic, int partitions) {
    createTopics(List.of(topic), partitions);
  }

  /** Creates the topics in one request (a thousand take seconds, not minutes). */
  public void createTopics(Collection<String> topics, int partitions) {
    try (Admin admin = Admin.create(clientProperties())) {
      admin
          .createTopics(topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList())
          .all()
          .get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("Cannot create topics " + topics, e);
    }
  }

  /** Sends values without keys and waits until every one is acknowledged. */
  public void produce(String topic, Collection<String> values) {
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    values.forEach(v -> records.add(new ProducerRecord<>(topic, v)));
    produceRecords(records);
  }

  public void produceRecords(Collection<ProducerRecord<String, String>> records) {
    Properties props = clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (ProducerRecord<String, String> record : records) {
        producer.send(record);
      }
      producer.flush();
    }
  }

  /** Every record currently in {@code topic}, from the beginning to the end offsets of now. */
  public List<ConsumerRecord<String, String>> consumeAll(String topic) {
    Properties props = clientProperties();
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      Set<TopicPartition> partitions =
          consumer.partitionsFor(topic, TIMEOUT).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .collect(Collectors.toSet());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Timed out reading " + topic + " up to " + end + " (read " + records.size() + ")");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  /** Values of every record currently in {@code topic}. */
  public List<String> consumeValues(String topic) {
    return consumeAll(topic).stream().map(ConsumerRecord::value).collect(Collectors.toList());
  }
}
