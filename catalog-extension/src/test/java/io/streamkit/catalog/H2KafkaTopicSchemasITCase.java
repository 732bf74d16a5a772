package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.Test;

class H2KafkaTopicSchemasITCase extends KafkaTopicSchemasITCase {
  @Override
  protected Map<String, String> connectionOptions() {
    return Map.of("url", "jdbc:h2:file:" + tmp.resolve("catalog").toAbsolutePath());
  }

  /** The metadata database plays no part in listing: one database is enough for this one. */
  @Test
  void aThousandTopicsAreListedAndEachReadWithoutDdl() throws Exception {
    List<String> topics = IntStream.range(0, 1_000).mapToObj(i -> "many_" + i).toList();
    KAFKA.createTopics(topics, 1);
    TableEnvironment env = session();
    env.executeSql(
        "CREATE DATABASE thousand WITH ('kind' = 'kafka', 'properties.bootstrap.servers' = '"
            + KAFKA.bootstrapServers()
            + "')");
    long start = System.nanoTime();
    List<String> listed = List.of(env.listTables("sk", "thousand"));
    long listMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(listed).containsAll(topics);
    assertThat(listMs).as("SHOW TABLES over 1,000 topics").isLessThan(10_000);
    assertThat(
            env.getCatalog("sk")
                .orElseThrow()
                .getTable(new org.apache.flink.table.catalog.ObjectPath("thousand", "many_999"))
                .getComment())
        .contains("raw key and value");
  }
}
