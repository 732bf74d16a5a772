package io.streamkit.alerting.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.streamkit.alerting.RuleFile;
import io.streamkit.testkit.Alertmanager;
import io.streamkit.testkit.FlinkCluster;
import io.streamkit.testkit.Kafka;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongToDoubleFunction;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert job on a MiniCluster with a real broker and a real HTTP receiver: metric events in the
 * metric-reporter's format, rules through the rules topic, notifications to Kafka and a webhook.
 */
class AlertJobITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();
  @RegisterExtension static final Alertmanager ALERTMANAGER = new Alertmanager();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String LAG =
      """
      name: lag
      every: 1s
      window: 2s
      repeat-interval: 0s
      series: [{metric: records-lag-max, filter: {topic: "sdk_*"}, aggregate: MAX}]
      condition: "{0} > 1000"
      notify: [kafka, webhook, log]
      """;

  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final List<Boolean> signed = new CopyOnWriteArrayList<>(); // each POST's signature ok
  private final AtomicInteger refuseFirst = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private HttpServer webhook;
  private String id;
  private JobClient job;

  @BeforeEach
  void start() throws IOException {
    id = UUID.randomUUID().toString().substring(0, 8);
    KAFKA.createTopic("metrics-" + id, 2);
    KAFKA.createTopic("rules-" + id, 1);
    KAFKA.createTopic("alerts-" + id, 1);
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext(
        "/alerts",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          // What a receiver does with the secret: recompute the signature of the body it got.
          signed.add(
              HttpChannel.signature(
                      HttpChannel.key(secret()), new String(body, StandardCharsets.UTF_8))
                  .equals(exchange.getRequestHeaders().getFirst("X-Streamkit-Signature-256")));
          if (refuseFirst.getAndDecrement() > 0) {
            refused.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
          } else {
            received.add(JSON.readTree(body));
            exchange.sendResponseHeaders(200, -1);
          }
          exchange.close();
        });
    webhook.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (job != null) {
      job.cancel().get();
    }
    webhook.stop(0);
  }

  @Test
  void aLagSpikeFiresOnceWithinOneCheckAndResolvesOnceWhileABadRuleIsRefused() throws Exception {
    publishRule("lag", definition(LAG));
    publishRule("broken", "{\"name\": \"broken\", \"series\": []}"); // refused by the job
    job = startJob();

    long spikeStart = System.currentTimeMillis() + 3_000;
    long spikeEnd = spikeStart + 3_000;
    produceLag(10_000, t -> t >= spikeStart && t < spikeEnd ? 5_000 : 10);

    awaitWebhook(n -> n.path("status").asText().equals("resolved"));
    List<JsonNode> lag =
        received.stream().filter(n -> n.path("rule").asText().equals("lag")).toList();
    assertThat(lag)
        .extracting(n -> n.path("status").asText())
        .containsExactly("firing", "resolved");
    JsonNode firing = lag.get(0);
    assertThat(firing.path("schema").asInt()).isEqualTo(1);
    assertThat(firing.path("value").asDouble()).isEqualTo(5000);
    long firedAt = java.time.Instant.parse(firing.path("at").asText()).toEpochMilli();
    assertThat(firedAt - spikeStart).as("fired within one check interval").isBetween(0L, 1_100L);
    assertThat(lag.get(1).path("dedupeKey").asText()).isEqualTo(firing.path("dedupeKey").asText());
    // Each POST carried the HMAC of its body with the configured secret.
    assertThat(signed).isNotEmpty().containsOnly(true);

    // The same two notifications in the alerts topic, keyed by their dedupe key.
    List<String> topic = awaitTopic("alerts-" + id, 2);
    assertThat(topic).hasSize(2);
    assertThat(JSON.readTree(topic.get(0)).path("id").asText())
        .isEqualTo(firing.path("id").asText());
    assertThat(received).noneMatch(n -> n.path("rule").asText().equals("broken"));
  }

  @Test
  void rulesAddedChangedAndDeletedMidRunApplyWithoutRestart() throws Exception {
    publishRule("lag", definition(LAG));
    job = startJob();
    long start = System.currentTimeMillis();
    Thread events = producing(14_000, t -> 5_000);
    awaitWebhook(n -> n.path("rule").asText().equals("lag"));

    // Added mid-run: fires within seconds.
    publishRule(
        "lag_low", definition(LAG.replace("name: lag", "name: lag_low").replace("1000", "100")));
    awaitWebhook(n -> n.path("rule").asText().equals("lag_low"));
    // Changed (threshold above the lag): what it had firing resolves.
    publishRule("lag", definition(LAG.replace("1000", "999999")));
    awaitWebhook(
        n -> n.path("rule").asText().equals("lag") && n.path("status").asText().equals("resolved"));
    // Deleted: resolves too, and sends nothing after.
    publishRule("lag_low", null);
    awaitWebhook(
        n ->
            n.path("rule").asText().equals("lag_low")
                && n.path("status").asText().equals("resolved"));
    int after = received.size();
    events.join();
    assertThat(received.size()).isEqualTo(after);
    assertThat(received)
        .extracting(n -> n.path("rule").asText() + " " + n.path("status").asText())
        .containsExactly("lag firing", "lag_low firing", "lag resolved", "lag_low resolved");
    assertThat(System.currentTimeMillis() - start).isLessThan(60_000);
  }

  @Test
  void alertmanagerHoldsTheAlertWhileItFiresAndDropsItWhenResolved() throws Exception {
    publishRule(
        "lag",
        definition(
            LAG.replace("notify: [kafka, webhook, log]", "notify: [alertmanager]")
                + "labels: {team: data}\nannotations: {summary: \"lag {{ $value }}\"}\n"));
    Configuration flink = new Configuration();
    flink.set(AlertingOptions.ALERTMANAGER_URL, ALERTMANAGER.url());
    job = startJob(flink);
    long spikeEnd = System.currentTimeMillis() + 6_000;
    Thread events = producing(12_000, t -> t < spikeEnd ? 5_000 : 10);
    JsonNode alert = awaitAlertmanager(alerts -> alerts.size() == 1).get(0);
    assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("lag");
    assertThat(alert.path("labels").path("severity").asText()).isEqualTo("warning");
    assertThat(alert.path("labels").path("team").asText()).isEqualTo("data");
    assertThat(alert.path("annotations").path("summary").asText()).isEqualTo("lag 5000");
    assertThat(alert.path("status").path("state").asText()).isEqualTo("active");
    // Resolved: Alertmanager no longer lists it as active.
    awaitAlertmanager(JsonNode::isEmpty);
    events.join();
    assertThat(received).as("nothing went to the webhook").isEmpty();
  }

  private static JsonNode awaitAlertmanager(Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode alerts = JSON.readTree(ALERTMANAGER.alerts());
    while (!condition.test(alerts)) {
      assertThat(System.nanoTime()).as("Alertmanager holds %s", alerts).isLessThan(deadline);
      Thread.sleep(200);
      alerts = JSON.readTree(ALERTMANAGER.alerts());
    }
    return alerts;
  }

  @Test
  void aWebhookThatIsDownGetsTheNotificationOnceItIsBack() throws Exception {
    refuseFirst.set(4); // about 3 s of 503s at 200, 400, 800, 1600 ms backoff
    publishRule("lag", definition(LAG));
    job = startJob();
    produceLag(6_000, t -> 5_000);
    awaitWebhook(n -> n.path("status").asText().equals("firing"));
    assertThat(refused.get()).as("the receiver really refused first").isEqualTo(4);
    assertThat(received).hasSize(1);
  }

  @Test
  void aJobRestoredFromACheckpointNeitherForgetsNorRefiresAFiringAlert(@TempDir Path checkpoints)
      throws Exception {
    publishRule("lag", definition(LAG));
    Configuration flink = new Configuration();
    flink.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
    flink.setString(
        "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    job = startJob(flink);
    long highUntil = System.currentTimeMillis() + 12_000;
    Thread events = producing(25_000, t -> t < highUntil ? 5_000 : 10);
    awaitWebhook(n -> n.path("status").asText().equals("firing"));
    long firedAt = System.currentTimeMillis();

    // A checkpoint completed after the alert fired, then the job goes away.
    Path checkpoint = awaitCheckpointAfter(checkpoints, firedAt);
    job.cancel().get();
    job = null;
    Configuration restore = new Configuration(flink);
    restore.setString("execution.state-recovery.path", checkpoint.toUri().toString());
    job = startJob(restore);

    awaitWebhook(n -> n.path("status").asText().equals("resolved"));
    events.join();
    List<JsonNode> firing =
        received.stream().filter(n -> n.path("status").asText().equals("firing")).toList();
    assertThat(firing).as("fired once, not again after the restore: %s", received).hasSize(1);
    JsonNode resolved =
        received.stream()
            .filter(n -> n.path("status").asText().equals("resolved"))
            .findFirst()
            .get();
    assertThat(resolved.path("dedupeKey").asText())
        .as("the restored job resolved the alert it had firing")
        .isEqualTo(firing.get(0).path("dedupeKey").asText());
  }

  @Test
  void aRuleDeletedRightAfterARestoreResolvesItsAlertAtTheRestoredTime(@TempDir Path checkpoints)
      throws Exception {
    publishRule("lag", definition(LAG));
    Configuration flink = new Configuration();
    flink.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
    flink.setString(
        "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    job = startJob(flink);
    Thread events = producing(4_000, t -> 5_000);
    awaitWebhook(n -> n.path("status").asText().equals("firing"));
    events.join(); // no metric event reaches the restored job: its clock is the checkpoint's
    Path checkpoint = awaitCheckpointAfter(checkpoints, System.currentTimeMillis());
    job.cancel().get();
    job = null;
    Configuration restore = new Configuration(flink);
    restore.setString("execution.state-recovery.path", checkpoint.toUri().toString());
    job = startJob(restore);

    publishRule("lag", null);
    awaitWebhook(n -> n.path("status").asText().equals("resolved"));
    JsonNode resolved =
        received.stream()
            .filter(n -> n.path("status").asText().equals("resolved"))
            .findFirst()
            .get();
    Instant firing =
        Instant.parse(
            received.stream()
                .filter(n -> n.path("status").asText().equals("firing"))
                .findFirst()
                .get()
                .path("startsAt")
                .asText());
    assertThat(resolved.path("endsAt").asText())
        .as("resolved with an end time (none when the job's clock restarted at 0): %s", resolved)
        .isNotEmpty();
    assertThat(Instant.parse(resolved.path("endsAt").asText()))
        .as("resolved at the restored job's time, not at 0: %s", resolved)
        .isAfterOrEqualTo(firing)
        .isBefore(firing.plusSeconds(30));
  }

  @Test
  void aTaskManagerKilledRightAfterAnAlertFiredLosesNothingAndRepeatsNothingUnrecognizably()
      throws Exception {
    publishRule("lag", definition(LAG));
    FlinkCluster cluster = new FlinkCluster();
    cluster.start();
    try {
      Configuration flink = new Configuration();
      flink.setString("execution.target", "remote");
      flink.setString("rest.address", cluster.restAddress().getHost());
      flink.setString("rest.port", String.valueOf(cluster.restAddress().getPort()));
      flink.setString("restart-strategy.type", "fixed-delay");
      flink.setString("restart-strategy.fixed-delay.attempts", "5");
      flink.setString("restart-strategy.fixed-delay.delay", "1 s");
      long highUntil = System.currentTimeMillis() + 12_000;
      Thread events = producing(25_000, t -> t < highUntil ? 5_000 : 10);
      job = startJob(flink, 2_000, new StreamExecutionEnvironment(flink));
      awaitWebhook(n -> n.path("status").asText().equals("firing"));

      // The worst moment: the alert went out, the checkpoint that records it may not exist yet.
      cluster.miniCluster().terminateTaskManager(0).get();
      cluster.miniCluster().startTaskManager();

      awaitWebhook(n -> n.path("status").asText().equals("resolved"));
      events.join();
      assertThat(
              cluster
                  .miniCluster()
                  .getExecutionGraph(job.getJobID())
                  .get()
                  .getStatusTimestamp(org.apache.flink.api.common.JobStatus.RESTARTING))
          .as("the job really lost its TaskManager and restarted")
          .isPositive();
      List<String> firingKeys =
          received.stream()
              .filter(n -> n.path("status").asText().equals("firing"))
              .map(n -> n.path("dedupeKey").asText())
              .distinct()
              .toList();
      assertThat(firingKeys)
          .as("one alert; a firing sent again after the restore carries the same key: %s", received)
          .hasSize(1);
      assertThat(
              received.stream()
                  .filter(n -> n.path("status").asText().equals("resolved"))
                  .map(n -> n.path("dedupeKey").asText())
                  .distinct())
          .as("the alert resolved, none lost")
          .containsExactly(firingKeys.get(0));
    } finally {
      if (job != null) {
        job.cancel().get();
        job = null;
      }
      cluster.close();
    }
  }

  /** The newest completed checkpoint (a chk-N directory with _metadata) written after {@code t}. */
  private static Path awaitCheckpointAfter(Path dir, long t) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
        java.util.Optional<Path> done =
            files
                .filter(p -> p.getFileName().toString().equals("_metadata"))
                .filter(p -> p.toFile().lastModified() > t)
                .max(java.util.Comparator.comparingLong(p -> p.toFile().lastModified()));
        if (done.isPresent()) {
          return done.get().getParent();
        }
      }
      assertThat(System.nanoTime()).as("a checkpoint completes").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private String secret() {
    return "webhook-secret-" + id;
  }

  private JobClient startJob() throws Exception {
    return startJob(new Configuration());
  }

  private JobClient startJob(Configuration flink) throws Exception {
    return startJob(flink, 500, StreamExecutionEnvironment.getExecutionEnvironment(flink));
  }

  private JobClient startJob(
      Configuration flink, long checkpointEveryMs, StreamExecutionEnvironment env)
      throws Exception {
    Configuration conf = new Configuration(flink); // the test's own alerting keys too
    conf.set(AlertingOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
    conf.set(AlertingOptions.METRICS_TOPIC, "metrics-" + id);
    conf.set(AlertingOptions.RULES_TOPIC, "rules-" + id);
    conf.set(AlertingOptions.ALERTS_TOPIC, "alerts-" + id);
    conf.set(AlertingOptions.GROUP_ID, "alerting-" + id);
    conf.set(
        AlertingOptions.WEBHOOK_URL,
        "http://127.0.0.1:" + webhook.getAddress().getPort() + "/alerts");
    conf.set(AlertingOptions.WEBHOOK_SECRET, secret());
    conf.set(AlertingOptions.LATENESS, Duration.ofMillis(200));
    env.setParallelism(2);
    env.enableCheckpointing(checkpointEveryMs);
    AlertJob.build(env, conf);
    JobClient client = env.executeAsync("alerts-" + id);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (client.getJobStatus().get() != org.apache.flink.api.common.JobStatus.RUNNING) {
      assertThat(System.nanoTime()).as("the alert job runs").isLessThan(deadline);
      Thread.sleep(50);
    }
    // Metric events are read from the latest offset at a first start: give the source a moment
    // to be assigned its partitions (no event of the tests matters before the first second).
    Thread.sleep(1_000);
    return client;
  }

  private static String definition(String yaml) {
    RuleFile.Result r = RuleFile.parse("test.yaml", yaml);
    assertThat(r.errors()).isEmpty();
    return r.rules().get(0).definition();
  }

  private void publishRule(String name, String definition) throws Exception {
    try (KafkaProducer<String, String> p = producer()) {
      p.send(new ProducerRecord<>("rules-" + id, name, definition)).get();
    }
  }

  /** {@link #produceLag} on a thread of its own, started. */
  private Thread producing(long millis, LongToDoubleFunction lagAt) {
    Thread t =
        new Thread(
            () -> {
              try {
                produceLag(millis, lagAt);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "lag-events");
    t.start();
    return t;
  }

  /** Lag events of two partitions every 100 ms for {@code millis}, valued by wall time. */
  private void produceLag(long millis, LongToDoubleFunction lagAt) throws Exception {
    try (KafkaProducer<String, String> p = producer()) {
      long end = System.currentTimeMillis() + millis;
      while (System.currentTimeMillis() < end) {
        long now = System.currentTimeMillis();
        for (int partition = 0; partition < 2; partition++) {
          String event =
              "{\"schema\":1,\"id\":\""
                  + UUID.randomUUID()
                  + "\",\"timestamp\":"
                  + now
                  + ",\"name\":\"records-lag-max\",\"scope\":\"x\",\"tags\":{\"topic\":\"sdk_log\","
                  + "\"partition\":\""
                  + partition
                  + "\"},\"type\":\"gauge\",\"value\":"
                  + lagAt.applyAsDouble(now)
                  + "}";
          p.send(new ProducerRecord<>("metrics-" + id, partition, null, event));
        }
        Thread.sleep(100);
      }
    }
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        KAFKA.clientProperties(), new StringSerializer(), new StringSerializer());
  }

  private void awaitWebhook(Predicate<JsonNode> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (received.stream().noneMatch(condition)) {
      assertThat(System.nanoTime()).as("webhook received: %s", received).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static List<String> awaitTopic(String topic, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<String> values = new ArrayList<>();
    while (values.size() < count && System.nanoTime() < deadline) {
      values = KAFKA.consumeValues(topic);
      Thread.sleep(200);
    }
    return values;
  }
}
