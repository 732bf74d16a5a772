package io.streamkit.metrics.kafka;

import static io.streamkit.metrics.kafka.KafkaReporterOptions.AGGREGATE_SUBTASKS;
import static io.streamkit.metrics.kafka.KafkaReporterOptions.BOOTSTRAP_SERVERS;
import static io.streamkit.metrics.kafka.KafkaReporterOptions.PRESET;
import static io.streamkit.metrics.kafka.KafkaReporterOptions.PRODUCER_PREFIX;
import static io.streamkit.metrics.kafka.KafkaReporterOptions.QUEUE_CAPACITY;
import static io.streamkit.metrics.kafka.KafkaReporterOptions.TOPIC;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the selected metrics to Kafka as JSON events, one per metric per reporting interval, tagged
 * with every scope variable (job, task, operator, subtask, host, TaskManager id). {@link #report()}
 * only formats and queues; a background sender talks to Kafka, so a slow or absent broker costs
 * counted drops, never a blocked or failed job.
 */
public class KafkaReporter implements MetricReporter, Scheduled {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaReporter.class);

  /** Name of the event carrying this reporter's own drop count. */
  static final String DROPPED_METRIC = "streamkitReporterDroppedEvents";

  private record Registered(String name, String scope, Map<String, String> tags) {}

  private final Map<Metric, Registered> metrics = new ConcurrentHashMap<>();
  private final SimpleCounter droppedCounter = new SimpleCounter();

  // Event ids: <random UUID of this reporter instance>-<sequence>. Unique like a UUID per event,
  // without paying SecureRandom for each of thousands of events per report; the sequence also
  // orders one reporter's events.
  private final String instanceId = java.util.UUID.randomUUID().toString();
  private final java.util.concurrent.atomic.AtomicLong sequence =
      new java.util.concurrent.atomic.AtomicLong();
  private final ReporterScope scope = new ReporterScope();
  private volatile boolean metricsChanged = true;
  private Map<String, String> ownTags = Map.of();
  private MetricSelection selection;
  private boolean aggregateSubtasks;
  private EventSender sender;

  @Override
  public void open(MetricConfig config) {
    String servers = config.getString(BOOTSTRAP_SERVERS.key(), null);
    if (servers == null || servers.isBlank()) {
      throw new IllegalArgumentException(
          "metrics.reporter.<name>."
              + BOOTSTRAP_SERVERS.key()
              + " is required by the streamkit Kafka reporter.");
    }
    selection = MetricSelection.parse(config.getString(PRESET.key(), PRESET.defaultValue()));
    aggregateSubtasks =
        config.getBoolean(AGGREGATE_SUBTASKS.key(), AGGREGATE_SUBTASKS.defaultValue());
    String topic = config.getString(TOPIC.key(), TOPIC.defaultValue());
    Properties producer = new Properties();
    producer.put("bootstrap.servers", servers);
    for (String key : config.stringPropertyNames()) {
      if (key.startsWith(PRODUCER_PREFIX)) {
        producer.put(key.substring(PRODUCER_PREFIX.length()), config.getProperty(key));
      }
    }
    CompressionCodecs.requireAvailable(
        producer.get("compression.type"), KafkaReporter.class.getClassLoader());
    sender =
        new EventSender(
            topic,
            producer,
            config.getInteger(QUEUE_CAPACITY.key(), QUEUE_CAPACITY.defaultValue()));
    LOG.info("Reporting {} metrics to Kafka topic {} at {}", selection, topic, servers);
  }

  @Override
  public void close() {
    if (sender != null) {
      sender.close();
    }
  }

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    Map<String, String> tags = new TreeMap<>();
    group.getAllVariables().forEach((k, v) -> tags.put(strip(k), v));
    if ("".equals(tags.get("host"))) {
      // Flink leaves <host> empty where a TaskManager has no external address (a MiniCluster, a
      // local run); an empty tag cannot be searched, this machine's name can.
      tags.put("host", LocalHost.NAME);
    }
    scope.learn(tags);
    if (selection.selects(name)) {
      metrics.put(metric, new Registered(name, group.getMetricIdentifier(name), tags));
    }
    metricsChanged = true; // after the change, so a report that sees the flag sees the change
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    Registered r = metrics.remove(metric);
    if (r != null) {
      metricsChanged = true;
      sendLastReading(r, metric);
    }
  }

  /**
   * A task that ends between two reports would lose what it did since the last one (its final
   * counts, the last latency window of a bounded job): Flink removes its metrics as it ends, so the
   * removal sends one more reading, marked {@code "final": true}. Metrics that are summed over
   * subtasks are left to the aggregates, which a per-subtask event would double.
   */
  private void sendLastReading(Registered r, Metric metric) {
    if (sender == null
        || aggregateSubtasks
            && new SubtaskAggregator().add(r.name(), r.scope(), r.tags(), metric)) {
      return;
    }
    try {
      sender.offer(
          r.tags().get("job_id"),
          MetricEventWriter.write(
              nextId(), System.currentTimeMillis(), r.name(), r.scope(), r.tags(), metric, true));
    } catch (RuntimeException e) {
      // a gauge that throws once its task is gone: there is no last reading to send
    }
  }

  /** Scope variables come as {@code <job_name>}; tags are {@code job_name}. */
  private static String strip(String variable) {
    return variable.startsWith("<") && variable.endsWith(">")
        ? variable.substring(1, variable.length() - 1)
        : variable;
  }

  @Override
  public void report() {
    long now = System.currentTimeMillis();
    SubtaskAggregator aggregator = aggregateSubtasks ? new SubtaskAggregator() : null;
    for (Map.Entry<Metric, Registered> entry : metrics.entrySet()) {
      Registered r = entry.getValue();
      String event;
      try {
        if (aggregator != null && aggregator.add(r.name(), r.scope(), r.tags(), entry.getKey())) {
          continue;
        }
        event =
            MetricEventWriter.write(
                nextId(), now, r.name(), r.scope(), r.tags(), entry.getKey(), false);
      } catch (RuntimeException e) {
        continue; // a gauge that throws must not stop the others
      }
      sender.offer(r.tags().get("job_id"), event);
    }
    if (aggregator != null) {
      for (SubtaskAggregator.Aggregate a : aggregator.aggregates()) {
        sender.offer(a.tags.get("job_id"), MetricEventWriter.writeAggregate(nextId(), now, a));
      }
    }
    long dropped = sender.dropped();
    droppedCounter.inc(dropped - droppedCounter.getCount());
    Map<String, String> own = ownTags();
    sender.offer(
        ReporterScope.key(own, instanceId),
        MetricEventWriter.write(
            nextId(), now, DROPPED_METRIC, DROPPED_METRIC, own, droppedCounter, false));
  }

  /** Tags of the drop-count event, recomputed only after metrics were added or removed. */
  private Map<String, String> ownTags() {
    if (metricsChanged) {
      metricsChanged = false;
      ownTags = scope.tags(() -> metrics.values().stream().map(Registered::tags).iterator());
    }
    return ownTags;
  }

  private String nextId() {
    return instanceId + "-" + sequence.incrementAndGet();
  }

  /** Events dropped so far (queue full or Kafka errors). */
  public long droppedEvents() {
    return sender.dropped();
  }
}
