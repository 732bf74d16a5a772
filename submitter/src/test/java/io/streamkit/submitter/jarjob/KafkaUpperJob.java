package io.streamkit.submitter.jarjob;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A user's DataStream job, packaged into a jar by {@code JarRunITCase}: reads a Kafka topic up to
 * its end offsets, upper-cases each value, writes another topic. Arguments: bootstrap servers,
 * input topic, output topic, and optionally "unbounded".
 */
public final class KafkaUpperJob {
  private KafkaUpperJob() {}

  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    var source =
        KafkaSource.<String>builder()
            .setBootstrapServers(args[0])
            .setTopics(args[1])
            .setGroupId("kafka-upper")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setValueOnlyDeserializer(new SimpleStringSchema());
    java.util.List<String> flags = java.util.Arrays.asList(args).subList(3, args.length);
    if (!flags.contains("unbounded")) {
      source.setBounded(OffsetsInitializer.latest());
    }
    var upper =
        env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "orders")
            .map(String::toUpperCase);
    if (flags.contains("filtered")) {
      upper = upper.filter(s -> !s.isEmpty());
    }
    upper.sinkTo(
        KafkaSink.<String>builder()
            .setBootstrapServers(args[0])
            .setRecordSerializer(
                KafkaRecordSerializationSchema.builder()
                    .setTopic(args[2])
                    .setValueSerializationSchema(new SimpleStringSchema())
                    .build())
            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .build());
    env.execute("kafka-upper");
  }
}
