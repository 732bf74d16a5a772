package io.streamkit.alerting.flink;

import io.streamkit.alerting.Notification;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The alert job: metric-reporter's events and the rules topic in, notifications out.
 *
 * <pre>
 * metrics topic --> route (index on metric and dimensions) --> evaluate (rules owned by subtask) --> notify
 *                     ^         (rule changes in band, to their owner)
 * rules topic ------ broadcast
 * </pre>
 *
 * <p>Metric events are read from the checkpoint, else from the group's committed offsets, else from
 * the job's submission on (alerts are about now; {@code metrics-starting-offset}); rules from the
 * beginning of their compacted topic.
 */
public final class AlertJob {
  private AlertJob() {}

  /** Adds the alert job to {@code env}, at the environment's parallelism. */
  public static DataStream<Notification> build(
      StreamExecutionEnvironment env, ReadableConfig conf) {
    String bootstrap = bootstrap(conf);
    String group = conf.get(AlertingOptions.GROUP_ID);
    int parallelism = env.getParallelism() > 0 ? env.getParallelism() : 1;

    KafkaSource<String> metrics =
        KafkaSource.<String>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(conf.get(AlertingOptions.METRICS_TOPIC))
            .setGroupId(group)
            .setStartingOffsets(
                new CommittedOrSince(
                    conf.get(AlertingOptions.METRICS_STARTING_OFFSET)
                            == AlertingOptions.StartingOffset.EARLIEST
                        ? CommittedOrSince.BEGINNING
                        : System.currentTimeMillis()))
            .setValueOnlyDeserializer(new SimpleStringSchema())
            .build();
    KafkaSource<Tuple2<String, String>> rules =
        KafkaSource.<Tuple2<String, String>>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(conf.get(AlertingOptions.RULES_TOPIC))
            .setGroupId(group + "-rules")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(new RuleChanges())
            .build();

    DataStream<Notification> notifications =
        evaluate(
            env.fromSource(metrics, WatermarkStrategy.noWatermarks(), "metric events")
                .uid("metric-events")
                .setBufferTimeout(conf.get(AlertingOptions.BUFFER_TIMEOUT).toMillis()),
            env.fromSource(rules, WatermarkStrategy.noWatermarks(), "alert rules")
                .uid("alert-rules")
                .setParallelism(1),
            conf,
            parallelism);
    notifications
        .sinkTo(
            new NotificationSink(
                new NotificationSink.ChannelSettings(
                    bootstrap,
                    conf.get(AlertingOptions.ALERTS_TOPIC),
                    conf.getOptional(AlertingOptions.WEBHOOK_URL).orElse(null),
                    conf.getOptional(AlertingOptions.WEBHOOK_SECRET).orElse(null),
                    conf.getOptional(AlertingOptions.ALERTMANAGER_URL).orElse(null),
                    conf.get(AlertingOptions.RETRY_MAX_BACKOFF).toMillis())))
        .name("notify")
        .uid("notify");
    return notifications;
  }

  /**
   * The alert job's core over any source of metric-reporter events (JSON) and of rule changes
   * (name, definition; "" deletes): routing and evaluation at {@code parallelism}, without the
   * channels.
   */
  public static DataStream<Notification> evaluate(
      DataStream<String> metricEvents,
      DataStream<Tuple2<String, String>> ruleChanges,
      ReadableConfig conf,
      int parallelism) {
    BroadcastStream<Tuple2<String, String>> rules = ruleChanges.broadcast(RouteFunction.RULES);
    return metricEvents
        .connect(rules)
        .process(new RouteFunction(parallelism))
        .name("route metric events to rules")
        .uid("route-metric-events")
        .setParallelism(parallelism)
        .setBufferTimeout(conf.get(AlertingOptions.BUFFER_TIMEOUT).toMillis())
        .partitionCustom((Partitioner<Integer>) (p, n) -> p % n, t -> t.f0)
        .process(new EvaluateFunction(conf.get(AlertingOptions.LATENESS).toMillis()))
        .returns(TypeInformation.of(Notification.class))
        .name("evaluate alert rules")
        .uid("evaluate-alert-rules")
        .setParallelism(parallelism)
        .setBufferTimeout(conf.get(AlertingOptions.BUFFER_TIMEOUT).toMillis());
  }

  /** The brokers: {@code streamkit.alerting.bootstrap-servers}, else the metric reporter's. */
  public static String bootstrap(ReadableConfig conf) {
    return conf.getOptional(AlertingOptions.BOOTSTRAP_SERVERS)
        .or(
            () ->
                conf.toMap().entrySet().stream()
                    .filter(
                        e -> e.getKey().matches("metrics\\.reporter\\.[^.]+\\.bootstrap\\.servers"))
                    .map(java.util.Map.Entry::getValue)
                    .findFirst())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "No Kafka brokers for the alert job: set "
                        + AlertingOptions.BOOTSTRAP_SERVERS.key()
                        + " (or configure the streamkit metric reporter)."));
  }

  /** Rule name and definition from a record of the rules topic; a tombstone is "" (deleted). */
  private static final class RuleChanges
      implements KafkaRecordDeserializationSchema<Tuple2<String, String>> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(
        ConsumerRecord<byte[], byte[]> record, Collector<Tuple2<String, String>> out) {
      if (record.key() == null) {
        return;
      }
      String name = new String(record.key(), StandardCharsets.UTF_8);
      String definition =
          record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
      out.collect(Tuple2.of(name, definition));
    }

    @Override
    public TypeInformation<Tuple2<String, String>> getProducedType() {
      return Types.TUPLE(Types.STRING, Types.STRING);
    }
  }
}
