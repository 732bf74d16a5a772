package io.streamkit.alerting.flink;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of the alert job ({@code bin/streamkit alert run}) and of the alert CLI. */
public final class AlertingOptions {
  private AlertingOptions() {}

  public static final ConfigOption<String> BOOTSTRAP_SERVERS =
      ConfigOptions.key("streamkit.alerting.bootstrap-servers")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Kafka brokers of the metric, rule and alert topics. When unset, the"
                  + " `metrics.reporter.*.bootstrap.servers` of the configuration is used.");

  public static final ConfigOption<String> METRICS_TOPIC =
      ConfigOptions.key("streamkit.alerting.metrics-topic")
          .stringType()
          .defaultValue("flink-metrics")
          .withDescription("Topic of metric-reporter's events that the rules read.");

  /** Where the job starts reading the metric topic the first time (later: its checkpoint). */
  public enum StartingOffset {
    LATEST,
    EARLIEST
  }

  public static final ConfigOption<StartingOffset> METRICS_STARTING_OFFSET =
      ConfigOptions.key("streamkit.alerting.metrics-starting-offset")
          .enumType(StartingOffset.class)
          .defaultValue(StartingOffset.LATEST)
          .withDescription(
              "Where a first start reads the metric topic from when its consumer group has no"
                  + " committed offsets: `LATEST` (alerts are about now: the events written from"
                  + " the job's submission on, also when it restarts before its first"
                  + " checkpoint) or `EARLIEST` (evaluate the history the topic still holds). A"
                  + " restored job reads on from its checkpoint.");

  public static final ConfigOption<String> RULES_TOPIC =
      ConfigOptions.key("streamkit.alerting.rules-topic")
          .stringType()
          .defaultValue("flink-alert-rules")
          .withDescription(
              "Compacted topic through which `alert apply` and `alert delete` reach the running"
                  + " job: the rule name as key, its definition as value, a tombstone to delete.");

  public static final ConfigOption<String> ALERTS_TOPIC =
      ConfigOptions.key("streamkit.alerting.alerts-topic")
          .stringType()
          .defaultValue("flink-alerts")
          .withDescription("Topic the `kafka` channel writes notifications to.");

  public static final ConfigOption<String> WEBHOOK_URL =
      ConfigOptions.key("streamkit.alerting.webhook.url")
          .stringType()
          .noDefaultValue()
          .withDescription("URL the `webhook` channel POSTs each notification's JSON document to.");

  public static final ConfigOption<String> WEBHOOK_SECRET =
      ConfigOptions.key("streamkit.alerting.webhook.secret")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Shared secret of the `webhook` channel: each POST then carries"
                  + " `X-Streamkit-Signature-256: sha256=<hex>`, the HMAC-SHA256 of the body with"
                  + " this secret, which the receiver recomputes to know the notification came"
                  + " from the alert job unchanged (GitHub's webhook scheme).");

  public static final ConfigOption<String> ALERTMANAGER_URL =
      ConfigOptions.key("streamkit.alerting.alertmanager.url")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Base URL of an Alertmanager (e.g. `http://alertmanager:9093`); the `alertmanager`"
                  + " channel POSTs to its `/api/v2/alerts`.");

  public static final ConfigOption<Duration> LATENESS =
      ConfigOptions.key("streamkit.alerting.lateness")
          .durationType()
          .defaultValue(Duration.ofSeconds(2))
          .withDescription(
              "How long a check waits past its instant for metric events reported late (by"
                  + " other TaskManagers, through other partitions) before it runs.");

  public static final ConfigOption<Duration> BUFFER_TIMEOUT =
      ConfigOptions.key("streamkit.alerting.buffer-timeout")
          .durationType()
          .defaultValue(Duration.ofMillis(5))
          .withDescription(
              "Longest time a metric event waits in a network buffer between the alert job's"
                  + " operators (Flink's `execution.buffer-timeout.interval`, 100 ms by default,"
                  + " set for this job's operators only). Part of the detection latency; lower"
                  + " costs throughput.");

  public static final ConfigOption<Duration> RETRY_MAX_BACKOFF =
      ConfigOptions.key("streamkit.alerting.retry.max-backoff")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription(
              "Longest wait between two attempts to deliver a notification to a webhook or an"
                  + " Alertmanager that does not answer; the wait doubles from 200 ms up to it."
                  + " Undelivered notifications are kept in checkpoints.");

  public static final ConfigOption<Boolean> AUTO_RULES =
      ConfigOptions.key("streamkit.alerting.auto-rules")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Whether `bin/streamkit sql run` applies default rules for each job it submits"
                  + " (restarts, checkpoint failures, a growing source backlog), named"
                  + " `auto.<job>.<rule>`; only where the alerting brokers are configured.");

  public static final ConfigOption<String> GROUP_ID =
      ConfigOptions.key("streamkit.alerting.group-id")
          .stringType()
          .defaultValue("streamkit-alerting")
          .withDescription("Kafka consumer group of the alert job.");
}
