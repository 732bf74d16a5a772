package io.streamkit.latency.flink;

import io.streamkit.latency.OriginSpec;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of the latency tracker, set in the job's configuration ({@code streamkit.latency.*}). */
public final class LatencyTrackerOptions {
  private LatencyTrackerOptions() {}

  public static final ConfigOption<Double> SAMPLE_RATE =
      ConfigOptions.key("streamkit.latency.sample-rate")
          .doubleType()
          .defaultValue(0.01)
          .withDescription(
              "Share of records timed at each tracked source and sink, within 0 and 1 (1 times"
                  + " every record). Records are picked at random gaps.");

  public static final ConfigOption<Boolean> ENABLED =
      ConfigOptions.key("streamkit.latency.enabled")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Whether `bin/streamkit sql run` tracks the latency of every source and sink of the"
                  + " script's jobs, named by their tables, with no change to the SQL.");

  public static final ConfigOption<String> ORIGIN =
      ConfigOptions.key("streamkit.latency.origin")
          .stringType()
          .defaultValue(OriginSpec.RECORD_TIMESTAMP)
          .withDescription(
              "Where a record's origin time comes from in SQL jobs: `kafka-timestamp` (the record"
                  + " timestamp: the Kafka timestamp at a Kafka source; at a sink, the timestamp"
                  + " Flink SQL leaves on a row, which rows of event-time windows have and rows"
                  + " of a projection or lookup join do not: those are counted as untimed),"
                  + " `field:<column>` (a BIGINT of epoch milliseconds or a TIMESTAMP_LTZ column),"
                  + " which works everywhere, or `header:<name>` (a Kafka header holding epoch"
                  + " milliseconds as text or an 8-byte long, read from the table's"
                  + " `MAP<STRING, BYTES> METADATA FROM 'headers'` column). Set it per table with"
                  + " `streamkit.latency.origin.<catalog>.<database>.<table>`.");

  public static final ConfigOption<Duration> INTERVAL =
      ConfigOptions.key("streamkit.latency.interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription(
              "Length of the windows the latency sketches are cut into, aligned to the epoch so"
                  + " that the windows of all subtasks and jobs line up. The latencySketch gauge"
                  + " shows the last 3 windows with values, so every window is reported as long as"
                  + " the metric reporter's interval is no longer than 3 of these.");
}
