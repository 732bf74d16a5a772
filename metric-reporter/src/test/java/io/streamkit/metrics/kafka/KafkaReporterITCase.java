package io.streamkit.metrics.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamkit.testkit.Kafka;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reporter with a real broker: a running job's metrics arrive tagged, with the reporter's own
 * drop count keyed by its TaskManager; a job that ends between reports sends its final readings;
 * subtasks fold into one event per operator; with the broker down a report costs counted drops, not
 * time, and with it up the same load drops nothing.
 */
class KafkaReporterITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(90);

  private record Event(String key, JsonNode value) {
    String name() {
      return value.path("name").asText();
    }

    String tag(String tag) {
      return value.path("tags").path(tag).asText(null);
    }
  }

  private static List<Event> events(String topic) {
    List<Event> events = new ArrayList<>();
    for (ConsumerRecord<String, String> record : KAFKA.consumeAll(topic)) {
      try {
        events.add(new Event(record.key(), JSON.readTree(record.value())));
      } catch (Exception e) {
        throw new UncheckedIOException(new java.io.IOException(record.value(), e));
      }
    }
    return events;
  }

  /** Reads {@code topic} until {@code done} holds for what it holds, or fails at the deadline. */
  private static List<Event> awaitEvents(String topic, Predicate<List<Event>> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<Event> events = events(topic);
    while (!done.test(events)) {
      assertThat(System.nanoTime()).as("waiting for events in " + topic).isLessThan(deadline);
      Thread.sleep(250);
      events = events(topic);
    }
    return events;
  }

  private static Configuration reporter(Configuration conf, String name, String topic) {
    String prefix = "metrics.reporter." + name + ".";
    conf.setString(prefix + "factory.class", KafkaReporterFactory.class.getName());
    conf.setString(prefix + "interval", "500 ms");
    conf.setString(prefix + "bootstrap.servers", KAFKA.bootstrapServers());
    conf.setString(prefix + "topic", topic);
    return conf;
  }

  /** The events of {@code which} that one report sent together with {@code event}. */
  private static List<Event> sameReport(List<Event> events, Event event, Predicate<Event> which) {
    JsonNode timestamp = event.value().path("timestamp");
    return events.stream()
        .filter(which)
        .filter(e -> e.value().path("timestamp").equals(timestamp))
        .toList();
  }

  private static long distinctIds(List<Event> events) {
    return events.stream().map(e -> e.value().path("id").asText()).distinct().count();
  }

  private static boolean isHeapUsed(Event e) {
    return e.value().path("scope").asText().endsWith(".Status.JVM.Memory.Heap.Used");
  }

  /** A MiniCluster's JobManager reports the same heap gauge, without a TaskManager id. */
  private static boolean isTaskManagerHeapUsed(Event e) {
    return isHeapUsed(e) && e.tag("tm_id") != null;
  }

  @Test
  void runningJobMetricsArriveAsTaggedVersionedJson() throws Exception {
    KAFKA.createTopic("metrics-job", 1);
    KAFKA.createTopic("metrics-job-all", 1);
    Configuration conf = new Configuration();
    reporter(conf, "kafka", "metrics-job"); // preset platform
    reporter(conf, "everything", "metrics-job-all")
        .setString("metrics.reporter.everything.preset", "all");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.fromSequence(0, Long.MAX_VALUE)
        .map(
            i -> {
              Thread.sleep(1);
              return i;
            })
        .name("slow-map")
        .sinkTo(new DiscardingSink<>());
    JobClient job = env.executeAsync("metrics-it");
    String jobId = job.getJobID().toHexString();

    Predicate<Event> slowMapOut =
        e ->
            e.name().equals("numRecordsOut")
                && "slow-map".equals(e.tag("operator_name"))
                && e.value().path("value").asLong() > 0;
    Predicate<Event> slowMapRate =
        e ->
            e.name().equals("numRecordsOutPerSecond")
                && "slow-map".equals(e.tag("operator_name"))
                && e.value().path("value").asDouble() > 0;
    Predicate<Event> dropCount = e -> e.name().equals(KafkaReporter.DROPPED_METRIC);
    List<Event> platform;
    List<Event> all;
    try {
      platform =
          awaitEvents(
              "metrics-job",
              events ->
                  events.stream().anyMatch(slowMapRate)
                      // Two reports with both: the first report after the job's metrics were
                      // added may carry the drop event's tags of the report before.
                      && events.stream()
                              .filter(slowMapOut)
                              .filter(out -> !sameReport(events, out, dropCount).isEmpty())
                              .map(out -> out.value().path("timestamp").asLong())
                              .distinct()
                              .count()
                          >= 2);
      all =
          awaitEvents(
              "metrics-job-all",
              events ->
                  events.stream()
                      .anyMatch(
                          e -> isTaskManagerHeapUsed(e) && e.value().path("value").asLong() > 0));
    } finally {
      job.cancel().get();
    }

    // An operator's counter and meter, tagged with the whole scope.
    Event out =
        platform.stream()
            .filter(slowMapOut)
            .filter(e -> !sameReport(platform, e, dropCount).isEmpty())
            .reduce((earlier, later) -> later)
            .orElseThrow();
    assertThat(out.value().path("schema").asInt()).isEqualTo(1);
    assertThat(out.value().path("type").asText()).isEqualTo("counter");
    assertThat(out.key()).isEqualTo(jobId);
    assertThat(out.tag("job_name")).isEqualTo("metrics-it");
    assertThat(out.tag("job_id")).isEqualTo(jobId);
    assertThat(out.tag("subtask_index")).isEqualTo("0");
    assertThat(out.tag("tm_id")).isNotBlank();
    // A MiniCluster TaskManager's <host> is empty; the tag carries this machine's name instead.
    assertThat(out.tag("host")).isEqualTo(java.net.InetAddress.getLocalHost().getHostName());
    Event rate = platform.stream().filter(slowMapRate).findFirst().orElseThrow();
    assertThat(rate.value().path("type").asText()).isEqualTo("meter");
    assertThat(rate.value().path("count").asLong()).isPositive();

    // The TaskManager's heap gauge, which Flink registers on every TaskManager: sent with preset
    // all, left out by the platform preset although the same registry offered it to both.
    Event heap =
        all.stream().filter(KafkaReporterITCase::isTaskManagerHeapUsed).findFirst().orElseThrow();
    assertThat(heap.name()).isEqualTo("Used");
    assertThat(heap.value().path("type").asText()).isEqualTo("gauge");
    assertThat(heap.tag("tm_id")).isEqualTo(out.tag("tm_id"));
    assertThat(platform).noneMatch(KafkaReporterITCase::isHeapUsed);
    assertThat(platform).noneMatch(e -> e.name().equals("Used"));

    // The drop count of the same report says which TaskManager (and job) it comes from, and is
    // keyed by the TaskManager.
    Event drops = sameReport(platform, out, dropCount).get(0);
    assertThat(drops.tag("job_id")).isEqualTo(jobId);
    assertThat(drops.key()).isEqualTo(out.tag("tm_id"));
    assertThat(drops.tag("tm_id")).isEqualTo(out.tag("tm_id"));
    assertThat(drops.tag("component")).isEqualTo("taskmanager");
    assertThat(drops.tag("host")).isEqualTo(out.tag("host"));
    assertThat(drops.tag("job_name")).isEqualTo("metrics-it");
    assertThat(drops.value().path("value").asLong()).isZero();

    // One id per event, for de-duplication downstream.
    Set<String> ids = new HashSet<>();
    platform.forEach(e -> ids.add(e.value().path("id").asText()));
    assertThat(ids).hasSize(platform.size());
  }

  @Test
  void aJobThatEndsBeforeAnyReportStillSendsItsFinalCounts() throws Exception {
    KAFKA.createTopic("metrics-final", 1);
    Configuration conf = reporter(new Configuration(), "kafka", "metrics-final");
    // No periodic report runs while the job does: all it sends is its final readings.
    conf.setString("metrics.reporter.kafka.interval", "1 h");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.fromSequence(1, 777).map(i -> i).name("count-map").sinkTo(new DiscardingSink<>());
    String jobId = env.execute("metrics-final").getJobID().toHexString();

    Predicate<Event> countMapOut =
        e -> e.name().equals("numRecordsOut") && "count-map".equals(e.tag("operator_name"));
    List<Event> events = awaitEvents("metrics-final", all -> all.stream().anyMatch(countMapOut));
    Event out = events.stream().filter(countMapOut).findFirst().orElseThrow();
    assertThat(out.value().path("value").asLong()).isEqualTo(777);
    assertThat(out.value().path("final").asBoolean()).isTrue();
    assertThat(out.tag("job_id")).isEqualTo(jobId);
    assertThat(events).noneMatch(e -> e.name().equals(KafkaReporter.DROPPED_METRIC));
  }

  /** Passes the first {@code 100 * (subtask + 1)} records of each subtask, then idles. */
  private static final class FirstN extends RichFilterFunction<Long> {
    private long passed;

    @Override
    public boolean filter(Long value) throws Exception {
      if (passed < 100L * (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() + 1)) {
        passed++;
        return true;
      }
      Thread.sleep(5); // throttles the unbounded source; not a synchronization
      return false;
    }
  }

  @Test
  void aggregateSubtasksSendsOneEventPerOperatorWithTheSumOfItsSubtasks() throws Exception {
    KAFKA.createTopic("metrics-aggregate", 1);
    Configuration conf = reporter(new Configuration(), "kafka", "metrics-aggregate");
    conf.setString("metrics.reporter.kafka.aggregate-subtasks", "true");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(3);
    env.fromSequence(0, Long.MAX_VALUE)
        .filter(new FirstN())
        .name("first-n")
        .sinkTo(new DiscardingSink<>());
    JobClient job = env.executeAsync("aggregate-it");

    Predicate<Event> firstN = e -> "first-n".equals(e.tag("operator_name"));
    Predicate<Event> outOf600 =
        e ->
            firstN.test(e)
                && e.name().equals("numRecordsOut")
                && e.value().path("value").asLong() == 600;
    List<Event> events;
    try {
      // Subtasks 0, 1 and 2 pass 100, 200 and 300 records, then their counters stay put.
      events = awaitEvents("metrics-aggregate", all -> all.stream().anyMatch(outOf600));
    } finally {
      job.cancel().get();
    }

    Event total = events.stream().filter(outOf600).findFirst().orElseThrow();
    assertThat(total.value().path("type").asText()).isEqualTo("counter");
    assertThat(total.value().path("subtasks").asInt()).isEqualTo(3);
    assertThat(total.value().path("value").asDouble() / total.value().path("subtasks").asInt())
        .as("average per subtask")
        .isEqualTo(200);
    assertThat(total.tag("job_name")).isEqualTo("aggregate-it");
    assertThat(total.value().path("tags").has("subtask_index")).isFalse();
    assertThat(total.value().path("tags").has("task_attempt_num")).isFalse();
    // The meter of the same operator in the same report folds the same counts.
    Event rate =
        events.stream()
            .filter(firstN)
            .filter(e -> e.name().equals("numRecordsOutPerSecond"))
            .filter(e -> e.value().path("timestamp").equals(total.value().path("timestamp")))
            .collect(onlyOne());
    assertThat(rate.value().path("count").asLong()).isEqualTo(600);
    assertThat(rate.value().path("subtasks").asInt()).isEqualTo(3);

    // Every report carries one numRecordsOut event for the operator, never one per subtask.
    List<Event> outs =
        events.stream().filter(firstN).filter(e -> e.name().equals("numRecordsOut")).toList();
    // While the job deploys, a report may see 1 or 2 of the 3 subtasks; never more than 3.
    assertThat(outs)
        .allSatisfy(e -> assertThat(e.value().path("subtasks").asInt()).isBetween(1, 3))
        .noneMatch(e -> e.value().path("tags").has("subtask_index"));
    Map<Long, Long> perReport =
        outs.stream()
            .collect(
                Collectors.groupingBy(
                    e -> e.value().path("timestamp").asLong(), Collectors.counting()));
    assertThat(perReport.values()).containsOnly(1L);
  }

  private static java.util.stream.Collector<Event, ?, Event> onlyOne() {
    return Collectors.collectingAndThen(
        Collectors.toList(),
        list -> {
          assertThat(list).hasSize(1);
          return list.get(0);
        });
  }

  @Test
  void brokerDownCostsCountedDropsNeverTimeAndBrokerUpDropsNothing() throws Exception {
    KAFKA.createTopic("metrics-down", 1);
    KafkaReporter reporter = new KafkaReporter();
    MetricConfig config = new MetricConfig();
    config.setProperty("bootstrap.servers", KAFKA.bootstrapServers());
    config.setProperty("topic", "metrics-down");
    config.setProperty("preset", "all");
    config.setProperty("queue.capacity", "5000");
    // Events the producer holds while Kafka is away fail (and are counted) within 5 s.
    config.setProperty("producer.delivery.timeout.ms", "5000");
    config.setProperty("producer.request.timeout.ms", "2000");
    reporter.open(config);
    int metrics = 4_000; // fewer than the queue holds: one report must not drop anything
    int perReport = metrics + 1; // and the drop-count event
    UnregisteredMetricsGroup group = new UnregisteredMetricsGroup();
    for (int i = 0; i < metrics; i++) {
      SimpleCounter counter = new SimpleCounter();
      counter.inc(i);
      reporter.notifyOfAddedMetric(counter, "counter" + i, group);
    }
    try {
      // Broker up: every event of a report is in the topic, with its value, and none dropped.
      reporter.report();
      List<Event> up =
          awaitEvents(
              "metrics-down",
              events ->
                  events.stream().filter(e -> e.name().startsWith("counter")).count() >= metrics
                      && events.stream()
                          .anyMatch(e -> e.name().equals(KafkaReporter.DROPPED_METRIC)));
      assertThat(up).hasSize(perReport);
      for (Event e : up) {
        if (e.name().startsWith("counter")) {
          assertThat(e.value().path("value").asLong())
              .isEqualTo(Long.parseLong(e.name().substring("counter".length())));
        }
      }
      assertThat(up.stream().map(Event::name).distinct()).hasSize(perReport);
      assertThat(up)
          .filteredOn(e -> e.name().equals(KafkaReporter.DROPPED_METRIC))
          .singleElement()
          .satisfies(e -> assertThat(e.value().path("value").asLong()).isZero());
      assertThat(reporter.droppedEvents()).isZero();

      // Broker down: reports return at once. The sender waits for Kafka (metadata, up to
      // max.block.ms a send) while the queue fills; three reports offer more than it holds, so
      // the rest is refused and counted.
      KAFKA.stopBroker();
      int reports = 3;
      long slowest = 0;
      try {
        for (int i = 0; i < reports; i++) {
          long start = System.nanoTime();
          reporter.report();
          slowest = Math.max(slowest, System.nanoTime() - start);
        }
        assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(500));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (reporter.droppedEvents() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(reporter.droppedEvents()).isPositive();
      } finally {
        KAFKA.restartBroker();
      }

      // Broker back: what waited is delivered; every event offered is either in the topic or
      // counted as dropped, none silently lost.
      long offered = (long) (reports + 1) * perReport;
      long deadline = System.nanoTime() + WAIT.toNanos();
      long inTopic = distinctIds(events("metrics-down"));
      while (inTopic + reporter.droppedEvents() < offered) {
        assertThat(System.nanoTime())
            .as("%d in the topic + %d dropped of %d", inTopic, reporter.droppedEvents(), offered)
            .isLessThan(deadline);
        Thread.sleep(200);
        inTopic = distinctIds(events("metrics-down"));
      }
      // Whether events queued during the outage reach Kafka or expire (and are counted) depends on
      // how long the restart takes, so only the first report's events are certain to be there.
      assertThat(inTopic).isLessThanOrEqualTo(offered).isGreaterThanOrEqualTo(perReport);

      // The next report carries the drop count to the topic, and itself drops nothing.
      long dropped = reporter.droppedEvents();
      long before = inTopic;
      reporter.report();
      List<Event> last =
          awaitEvents("metrics-down", events -> distinctIds(events) >= before + perReport);
      assertThat(reporter.droppedEvents()).isEqualTo(dropped);
      long lastReport =
          last.stream().mapToLong(e -> e.value().path("timestamp").asLong()).max().orElseThrow();
      assertThat(last)
          .filteredOn(e -> e.value().path("timestamp").asLong() == lastReport)
          .hasSize(perReport)
          .filteredOn(e -> e.name().equals(KafkaReporter.DROPPED_METRIC))
          .singleElement()
          .satisfies(e -> assertThat(e.value().path("value").asLong()).isEqualTo(dropped));
    } finally {
      reporter.close();
    }
  }
}
