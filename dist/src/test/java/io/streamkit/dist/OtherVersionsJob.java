package io.streamkit.dist;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Properties;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * A user's DataStream job whose fat jar bundles its own Kafka client and Jackson, of other versions
 * than those inside streamkit's jars in the cluster's lib/: each record is written to Kafka with
 * the bundled client, as JSON made by the bundled Jackson, naming the versions that ran.
 *
 * <p>Arguments: bootstrap servers, topic.
 */
public final class OtherVersionsJob {
  private OtherVersionsJob() {}

  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.fromData(1, 2, 3)
        .map(new WriteWithBundledClient(args[0], args[1]))
        .sinkTo(new DiscardingSink<>());
    env.execute("user-jar-other-versions");
  }

  static final class WriteWithBundledClient extends RichMapFunction<Integer, Integer> {
    private final String servers;
    private final String topic;
    private transient KafkaProducer<String, String> producer;
    private transient ObjectMapper json;

    WriteWithBundledClient(String servers, String topic) {
      this.servers = servers;
      this.topic = topic;
    }

    @Override
    public void open(OpenContext context) {
      Properties props = new Properties();
      props.put("bootstrap.servers", servers);
      producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
      json = new ObjectMapper();
    }

    @Override
    public Integer map(Integer n) throws Exception {
      String value =
          json.writeValueAsString(
              json.createObjectNode()
                  .put("n", n)
                  .put("kafka", AppInfoParser.getVersion())
                  .put("jackson", json.version().toString()));
      producer.send(new ProducerRecord<>(topic, value)).get();
      return n;
    }

    @Override
    public void close() {
      if (producer != null) {
        producer.close();
      }
    }
  }
}
