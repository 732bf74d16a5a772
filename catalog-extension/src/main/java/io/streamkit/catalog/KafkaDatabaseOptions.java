package io.streamkit.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * Properties of a Kafka database ({@code CREATE DATABASE ods WITH ('kind' = 'kafka', ...)} or
 * {@code bin/streamkit kafka attach ods --property k=v}) that are the catalog's, not the Kafka
 * connector's. Every other property is a connector option of each topic's table ({@code
 * properties.*} for the Kafka clients, {@code scan.*}, {@code sink.*}).
 */
public final class KafkaDatabaseOptions {
  private KafkaDatabaseOptions() {}

  public static final ConfigOption<String> KIND =
      ConfigOptions.key("kind")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "'kafka' makes the database a Kafka cluster whose topics are its tables.");

  public static final ConfigOption<String> BOOTSTRAP_SERVERS =
      ConfigOptions.key("properties.bootstrap.servers")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "The cluster's brokers (host:port,...), required. They must answer when the"
                  + " database is created.");

  public static final ConfigOption<Duration> WATERMARK_DELAY =
      ConfigOptions.key("watermark.delay")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription(
              "How far the watermark of each topic's event_time (the record timestamp) trails the"
                  + " largest time seen. 'watermark.delay.<topic>' sets it for one topic. Both are"
                  + " read whenever a table is: a change applies to the jobs planned after it.");

  public static final ConfigOption<Boolean> SCHEMA_INFERENCE =
      ConfigOptions.key("schema.inference")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Whether a topic without a registered schema gets one inferred from its recent JSON"
                  + " messages when its table is first read, stored as schema version 1. Off, or"
                  + " when the messages are not all JSON objects, the table is raw key/value"
                  + " bytes.");

  public static final ConfigOption<Integer> SCHEMA_INFERENCE_MAX_MESSAGES =
      ConfigOptions.key("schema.inference.max-messages")
          .intType()
          .defaultValue(100)
          .withDescription(
              "How many recent messages inference and 'table refresh' sample, spread over the"
                  + " partitions (the last ones of each).");

  public static final ConfigOption<Duration> SCHEMA_INFERENCE_TIMEOUT =
      ConfigOptions.key("schema.inference.timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(1))
          .withDescription(
              "Time budget of one sampling: what arrived by then is what the schema is inferred"
                  + " from.");

  public static final ConfigOption<Integer> SCHEMA_INFERENCE_MAP_KEYS =
      ConfigOptions.key("schema.inference.map-keys")
          .intType()
          .defaultValue(32)
          .withDescription(
              "A JSON object with more distinct keys than this over the samples, each present in"
                  + " fewer than half of them on average, is a MAP<STRING, ...>, not a ROW. Objects"
                  + " whose keys all look like data (numbers, ids, dates) are MAPs anyway.");

  public static final ConfigOption<Duration> SCHEMA_REFRESH_INTERVAL =
      ConfigOptions.key("schema.refresh-interval")
          .durationType()
          .noDefaultValue()
          .withDescription(
              "When set, an inferred schema (not a registered one) is refreshed when its table is"
                  + " read and it was last stored or checked longer ago than this: what 'table"
                  + " refresh' does (additions only; conflicts are logged, not applied), at most"
                  + " once per interval for all sessions. Unset, schemas change only through"
                  + " 'table refresh' and 'table register'.");

  public static final ConfigOption<Boolean> CREATE_TOPICS =
      ConfigOptions.key("create-topics")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Whether a registered topic that does not exist yet is created when a job is"
                  + " planned on it (INSERT INTO, or a read). Off, planning fails naming the topic"
                  + " and this option.");

  public static final ConfigOption<Integer> CREATE_TOPICS_PARTITIONS =
      ConfigOptions.key("create-topics.partitions")
          .intType()
          .defaultValue(-1)
          .withDescription(
              "Partitions of a topic the catalog creates; a negative value leaves them to the"
                  + " broker (num.partitions).");

  public static final ConfigOption<Integer> CREATE_TOPICS_REPLICATION_FACTOR =
      ConfigOptions.key("create-topics.replication-factor")
          .intType()
          .defaultValue(-1)
          .withDescription(
              "Replication factor of a topic the catalog creates; a negative value leaves it to"
                  + " the broker (default.replication.factor).");

  /** The catalog's own keys: never handed to the connector. */
  static final List<ConfigOption<?>> CATALOG_ONLY =
      List.of(
          KIND,
          WATERMARK_DELAY,
          SCHEMA_INFERENCE,
          SCHEMA_INFERENCE_MAX_MESSAGES,
          SCHEMA_INFERENCE_TIMEOUT,
          SCHEMA_INFERENCE_MAP_KEYS,
          SCHEMA_REFRESH_INTERVAL,
          CREATE_TOPICS,
          CREATE_TOPICS_PARTITIONS,
          CREATE_TOPICS_REPLICATION_FACTOR);

  static <T> T get(Map<String, String> databaseProperties, ConfigOption<T> option) {
    return Configuration.fromMap(databaseProperties).get(option);
  }
}
