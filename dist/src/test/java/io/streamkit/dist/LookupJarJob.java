package io.streamkit.dist;

import io.streamkit.dimension.JdbcLookupJoin;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.types.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DataStream job as a user writes one against the cluster's lib/ (a thin jar: only this class):
 * SDK events from Kafka enriched with their app through {@link JdbcLookupJoin} on the dimension
 * database, back to Kafka, logging as it goes. Arguments: brokers, input topic, output topic, the
 * dimension database's JDBC URL.
 */
public final class LookupJarJob {
  private static final Pattern SYSTEM_ID = Pattern.compile("\"system_id\":\"([^\"]*)\"");

  private LookupJarJob() {}

  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    KafkaSource<String> source =
        KafkaSource.<String>builder()
            .setBootstrapServers(args[0])
            .setTopics(args[1])
            .setGroupId("lookup-jar-job")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setBounded(OffsetsInitializer.latest())
            .setValueOnlyDeserializer(new SimpleStringSchema())
            .build();
    DataStream<String> events = env.fromSource(source, WatermarkStrategy.noWatermarks(), "sdk_log");
    JdbcLookupJoin<String, String> join =
        JdbcLookupJoin.builder()
            .url(args[3])
            .tableName("dim_app")
            .username("root")
            .column("system_id", DataTypes.STRING())
            .column("app_name", DataTypes.STRING())
            .lookupKeys("system_id")
            .build(
                (String event) -> Row.of(systemId(event)),
                (String event, Row app) -> withApp(event, (String) app.getField(1)),
                Types.STRING);
    AsyncDataStream.unorderedWait(events, join, 30, TimeUnit.SECONDS, 100)
        .map(new Logged())
        .sinkTo(
            KafkaSink.<String>builder()
                .setBootstrapServers(args[0])
                .setRecordSerializer(
                    KafkaRecordSerializationSchema.builder()
                        .setTopic(args[2])
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .build());
    env.execute(); // named by pipeline.name, which bin/streamkit sets from the jar's name
  }

  static String systemId(String event) {
    Matcher m = SYSTEM_ID.matcher(event);
    return m.find() ? m.group(1) : "";
  }

  static String withApp(String event, String app) {
    return event.substring(0, event.lastIndexOf('}')) + ",\"app_name\":\"" + app + "\"}";
  }

  /** Logs every 100th record: the job's own lines, which the cluster's appender ships. */
  static final class Logged extends RichMapFunction<String, String> {
    private static final Logger LOG = LoggerFactory.getLogger(LookupJarJob.class);
    private long count;

    @Override
    public String map(String value) {
      if (++count % 100 == 0) {
        LOG.info("Enriched {} events", count);
      }
      return value;
    }
  }
}
