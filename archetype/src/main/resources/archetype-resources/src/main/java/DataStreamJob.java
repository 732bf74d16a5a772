package ${package};

import io.streamkit.dimension.JdbcLookupJoin;
import io.streamkit.latency.flink.LatencyTracking;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.types.Row;
import org.apache.flink.util.ParameterTool;

/**
 * A DataStream job on streamkit: orders from Kafka ({@code order_id,city_id,amount} lines) are
 * enriched with their city's name from a relational table by streamkit's lookup join (batched,
 * asynchronous, cached) and written back to Kafka ({@code order_id,city,amount}), with the latency
 * of the source and the sink tracked per record (metrics {@code latency} and {@code latencySketch}
 * under the tables {@code ods.orders} and {@code dw.orders_enriched}).
 *
 * <p>Run it with Flink's {@code flink run target/${artifactId}-${version}.jar --bootstrap kafka:9092
 * --dim-url jdbc:mysql://db:3306/dw?user=flink&password=...}. Options: {@code --bootstrap}, {@code --input} (default {@code orders}), {@code
 * --output} ({@code orders_enriched}), {@code --dim-url}, {@code --dim-table} ({@code dim_city}),
 * {@code --bounded} (stop at the input's current end).
 */
public final class DataStreamJob {
  private DataStreamJob() {}

  public static void main(String[] args) throws Exception {
    ParameterTool params = ParameterTool.fromArgs(args);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    build(env, params);
    env.execute("${artifactId}");
  }

  /** Adds the job's pipeline to {@code env}. */
  static void build(StreamExecutionEnvironment env, ParameterTool params) {
    String bootstrap = params.getRequired("bootstrap");
    KafkaSourceBuilder<String> source =
        KafkaSource.<String>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(params.get("input", "orders"))
            .setGroupId(params.get("group", "${artifactId}"))
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setValueOnlyDeserializer(new SimpleStringSchema());
    if (params.has("bounded")) {
      source.setBounded(OffsetsInitializer.latest());
    }
    KafkaSource<String> orders = source.build();
    DataStream<String> lines =
        env.fromSource(
            LatencyTracking.source(orders, "ods.orders"), WatermarkStrategy.noWatermarks(), "orders");

    JdbcLookupJoin<String, String> cityName =
        JdbcLookupJoin.builder()
            .url(params.getRequired("dim-url"))
            .tableName(params.get("dim-table", "dim_city"))
            .column("id", DataTypes.INT())
            .column("name", DataTypes.STRING())
            .lookupKeys("id")
            .partialCache(100_000, Duration.ofMinutes(10))
            .leftOuter()
            .build(
                line -> Row.of(Integer.parseInt(line.split(",")[1].trim())),
                (line, city) -> {
                  String[] f = line.split(",");
                  String name = city == null ? "unknown" : (String) city.getField("name");
                  return f[0].trim() + "," + name + "," + f[2].trim();
                },
                Types.STRING);
    DataStream<String> enriched =
        AsyncDataStream.unorderedWait(lines, cityName, 30, TimeUnit.SECONDS, 1_000);

    KafkaSink<String> sink =
        KafkaSink.<String>builder()
            .setBootstrapServers(bootstrap)
            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .setRecordSerializer(
                KafkaRecordSerializationSchema.builder()
                    .setTopic(params.get("output", "orders_enriched"))
                    .setValueSerializationSchema(new SimpleStringSchema())
                    .build())
            .build();
    enriched.sinkTo(LatencyTracking.sink(sink, "dw.orders_enriched")).name("orders_enriched");
  }
}
