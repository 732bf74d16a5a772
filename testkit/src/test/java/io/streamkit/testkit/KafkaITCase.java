package io.streamkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();

  @Test
  void producesAndConsumes() {
    KAFKA.createTopic("t1", 3);
    List<String> values = IntStream.range(0, 100).mapToObj(i -> "v" + i).toList();
    KAFKA.produce("t1", values);
    assertThat(KAFKA.consumeValues("t1")).containsExactlyInAnyOrderElementsOf(values);
  }

  @Test
  void brokerComesBackOnTheSamePortWithItsData() throws Exception {
    KAFKA.createTopic("t2", 1);
    KAFKA.produce("t2", List.of("before"));
    String bootstrap = KAFKA.bootstrapServers();

    KAFKA.stopBroker();
    KAFKA.restartBroker();

    assertThat(KAFKA.bootstrapServers()).isEqualTo(bootstrap);
    KAFKA.produce("t2", List.of("after"));
    assertThat(KAFKA.consumeValues("t2")).containsExactly("before", "after");
  }
}
