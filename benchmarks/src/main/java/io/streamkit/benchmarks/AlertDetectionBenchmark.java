package io.streamkit.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.streamkit.alerting.RuleFile;
import io.streamkit.alerting.flink.AlertJob;
import io.streamkit.alerting.flink.AlertingOptions;
import io.streamkit.testkit.FreePorts;
import io.streamkit.testkit.Kafka;
import io.streamkit.testkit.Prometheus;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Issue 13's detection latency against Prometheus: one Flink job exports the same gauge ({@code
 * records-lag-max}) through {@code flink-metrics-prometheus} to a Prometheus from Debian and
 * through streamkit's Kafka reporter to the alert job. Both at their tightest sensible intervals:
 * Prometheus scrapes every 1 s and evaluates its rule every 1 s ({@code for: 0s}); the reporter
 * sends every 1 s and the rule is checked every 1 s with a 200 ms lateness. In each round the lag
 * jumps from 10 to 5,000 at a random phase; measured is the time from the jump until Prometheus's
 * API shows the alert firing and until the webhook receives ours; then the lag falls and both
 * resolve before the next round. Each round starts a new Prometheus, so that its scrape and
 * evaluation phases differ from round to round as ours does.
 *
 * <p>Run: {@code benchmarks/run AlertDetectionBenchmark [rounds]} (needs Debian's {@code
 * prometheus}).
 */
public final class AlertDetectionBenchmark {
  static volatile double lag = 10;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RULE =
      """
      name: bench_lag
      every: 1s
      window: 2s
      repeat-interval: 0s
      series: [{metric: records-lag-max, aggregate: MAX}]
      condition: "{0} > 1000"
      notify: [webhook]
      """;
  private static final String ON_ARRIVAL =
      RULE.replace("name: bench_lag", "name: bench_lag_arrival") + "check: on-arrival\n";
  private static final List<String> OURS = List.of("bench_lag", "bench_lag_arrival");

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Kafka kafka = new Kafka();
    kafka.start();
    kafka.createTopic("bench-metrics", 1);
    kafka.createTopic("bench-rules", 1);
    Map<String, AtomicLong> firedAt = new java.util.concurrent.ConcurrentHashMap<>();
    Map<String, AtomicLong> resolvedAt = new java.util.concurrent.ConcurrentHashMap<>();
    // The instant of the firing check (for on-arrival: the report's timestamp), to split the
    // latency into the wait for a report and the way through Kafka, the job and the webhook.
    Map<String, AtomicLong> checkedAt = new java.util.concurrent.ConcurrentHashMap<>();
    for (String rule : OURS) {
      checkedAt.put(rule, new AtomicLong());
      firedAt.put(rule, new AtomicLong());
      resolvedAt.put(rule, new AtomicLong());
    }
    HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext(
        "/",
        exchange -> {
          JsonNode n = JSON.readTree(exchange.getRequestBody().readAllBytes());
          long now = System.currentTimeMillis();
          String rule = n.path("rule").asText();
          if (n.path("status").asText().equals("firing")) {
            checkedAt.get(rule).set(java.time.Instant.parse(n.path("at").asText()).toEpochMilli());
          }
          (n.path("status").asText().equals("firing") ? firedAt : resolvedAt).get(rule).set(now);
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    webhook.start();
    int promPort = FreePorts.next();
    Prometheus prometheus = null;
    JobClient monitored = null;
    JobClient alerts = null;
    try {
      monitored = startMonitoredJob(kafka, promPort);
      alerts = startAlertJob(kafka, webhook.getAddress().getPort());
      try (KafkaProducer<String, String> p =
          new KafkaProducer<>(
              kafka.clientProperties(), new StringSerializer(), new StringSerializer())) {
        for (String yaml : List.of(RULE, ON_ARRIVAL)) {
          var rule = RuleFile.parse("bench.yaml", yaml).rules().get(0);
          p.send(new ProducerRecord<>("bench-rules", rule.name(), rule.definition())).get();
        }
      }
      Thread.sleep(5_000); // the reporter has sent some events

      Map<String, List<Double>> results = new LinkedHashMap<>();
      results.put("Prometheus", new ArrayList<>());
      results.put("streamkit, every 1s", new ArrayList<>());
      results.put("streamkit, on arrival", new ArrayList<>());
      results.put("  of which the way from the report", new ArrayList<>());
      Random random = new Random(7);
      for (int round = 0; round <= rounds; round++) {
        lag = 10;
        if (prometheus != null) {
          prometheus.close();
        }
        // A fresh Prometheus each round: its scrape and evaluation phases are fixed per run
        // (hashes of the target, the external labels and the group), so one Prometheus for all
        // rounds would measure one lucky or unlucky phase; new labels and a new group name give
        // each round its own.
        prometheus = startPrometheus(promPort, round);
        Prometheus p = prometheus;
        await(() -> !query(p).isEmpty(), "Prometheus scrapes the gauge");
        Thread.sleep(2_000); // its rule has been evaluated on the low lag
        for (String rule : OURS) {
          await(
              () ->
                  firedAt.get(rule).get() == 0
                      || resolvedAt.get(rule).get() >= firedAt.get(rule).get(),
              rule + " resolved");
        }
        Thread.sleep(3_000 + random.nextInt(1_000)); // a random phase against both intervals
        OURS.forEach(rule -> firedAt.get(rule).set(0));
        long jump = System.currentTimeMillis();
        lag = 5_000;
        long prom = 0;
        long deadline = jump + 60_000;
        while ((prom == 0 || OURS.stream().anyMatch(r -> firedAt.get(r).get() == 0))
            && System.currentTimeMillis() < deadline) {
          if (prom == 0 && firing(prometheus) > 0) {
            prom = System.currentTimeMillis() - jump;
          }
          Thread.sleep(20);
        }
        long every = firedAt.get("bench_lag").get() - jump;
        long arrival = firedAt.get("bench_lag_arrival").get() - jump;
        long reported = checkedAt.get("bench_lag_arrival").get() - jump;
        System.out.printf(
            "  round %s: Prometheus fired after %,d ms, streamkit every 1s after %,d ms, on arrival"
                + " after %,d ms (reported after %,d ms, then %,d ms to the webhook)%n",
            round == 0 ? "warm" : round, prom, every, arrival, reported, arrival - reported);
        if (round > 0) {
          results.get("  of which the way from the report").add((double) (arrival - reported));
        }
        if (round > 0) {
          results.get("Prometheus").add((double) prom);
          results.get("streamkit, every 1s").add((double) every);
          results.get("streamkit, on arrival").add((double) arrival);
        }
      }
      lag = 10;
      List<Double> gaps = new ArrayList<>();
      long previous = 0;
      for (var r : kafka.consumeAll("bench-metrics")) {
        JsonNode e = JSON.readTree(r.value());
        if (e.path("name").asText().equals("records-lag-max")) {
          long t = e.path("timestamp").asLong();
          if (previous > 0) {
            gaps.add((double) (t - previous));
          }
          previous = t;
        }
      }
      System.out.printf(
          "%nTime between two reports of the gauge (the reporter's interval held?), %d gaps: %s ms%n",
          gaps.size(), Rounds.spread(gaps, g -> g, "%,7.0f"));
      System.out.printf(
          "%nDetection latency from the jump to the alert, %d rounds after a warm-up; min / median /"
              + " max, ms%n",
          rounds);
      results.forEach(
          (name, rs) ->
              System.out.printf("  %-22s %s%n", name, Rounds.spread(rs, r -> r, "%,7.0f")));
      for (String ours : List.of("streamkit, every 1s", "streamkit, on arrival")) { // not the split
        System.out.printf(
            "cep-alerting: detection latency %s / Prometheus, ratio of medians = %s (target"
                + " <= 0.5)%n",
            ours, Rounds.ratio(results.get(ours), results.get("Prometheus"), r -> r));
      }
    } finally {
      if (alerts != null) {
        alerts.cancel().get();
      }
      if (monitored != null) {
        monitored.cancel().get();
      }
      if (prometheus != null) {
        prometheus.close();
      }
      webhook.stop(0);
      kafka.close();
    }
  }

  private static Prometheus startPrometheus(int flinkPort, int round) throws Exception {
    return new Prometheus(
            "global: {scrape_interval: 1s, evaluation_interval: 1s,"
                + " external_labels: {round: '"
                + round
                + "'}}\n"
                + "rule_files: [rules.yml]\n"
                + "scrape_configs:\n  - job_name: flink\n    static_configs:\n"
                + "      - targets: ['127.0.0.1:"
                + flinkPort
                + "']\n",
            "groups:\n  - name: bench-"
                + round
                + "\n    rules:\n      - alert: BenchLag\n"
                + "        expr: flink_taskmanager_job_task_operator_records_lag_max > 1000\n"
                + "        for: 0s\n")
        .start();
  }

  private static JobClient startMonitoredJob(Kafka kafka, int promPort) throws Exception {
    Configuration conf = new Configuration();
    conf.setString(
        "metrics.reporter.prom.factory.class",
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    conf.setString("metrics.reporter.prom.port", String.valueOf(promPort));
    conf.setString(
        "metrics.reporter.kafka.factory.class", "io.streamkit.metrics.kafka.KafkaReporterFactory");
    conf.setString("metrics.reporter.kafka.bootstrap.servers", kafka.bootstrapServers());
    conf.setString("metrics.reporter.kafka.topic", "bench-metrics");
    conf.setString("metrics.reporter.kafka.interval", "1 s");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.fromSequence(0, Long.MAX_VALUE)
        .map(new LagGauge())
        .name("consumer")
        .sinkTo(new DiscardingSink<>());
    return env.executeAsync("monitored");
  }

  private static JobClient startAlertJob(Kafka kafka, int webhookPort) throws Exception {
    Configuration conf = new Configuration();
    conf.set(AlertingOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    conf.set(AlertingOptions.METRICS_TOPIC, "bench-metrics");
    conf.set(AlertingOptions.RULES_TOPIC, "bench-rules");
    conf.set(AlertingOptions.WEBHOOK_URL, "http://127.0.0.1:" + webhookPort + "/");
    conf.set(AlertingOptions.LATENESS, Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.enableCheckpointing(10_000);
    AlertJob.build(env, conf);
    return env.executeAsync("alerts");
  }

  private static JsonNode query(Prometheus prometheus) throws Exception {
    return JSON.readTree(
            prometheus.read(
                "/api/v1/query?query=flink_taskmanager_job_task_operator_records_lag_max"))
        .path("data")
        .path("result");
  }

  private static int firing(Prometheus prometheus) throws Exception {
    int n = 0;
    for (JsonNode a : JSON.readTree(prometheus.alerts()).path("data").path("alerts")) {
      if (a.path("state").asText().equals("firing")) {
        n++;
      }
    }
    return n;
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(Condition c, String what) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    while (!c.holds()) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("Timed out waiting: " + what);
      }
      Thread.sleep(50);
    }
  }

  /** Passes numbers through slowly and shows the benchmark's lag as {@code records-lag-max}. */
  private static final class LagGauge extends RichMapFunction<Long, Long> {
    @Override
    public void open(OpenContext context) {
      getRuntimeContext().getMetricGroup().gauge("records-lag-max", (Gauge<Double>) () -> lag);
    }

    @Override
    public Long map(Long value) throws InterruptedException {
      Thread.sleep(10);
      return value;
    }
  }

  private AlertDetectionBenchmark() {}
}
