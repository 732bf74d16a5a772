package io.streamkit.catalog;

import java.util.Map;

class H2KafkaTopicSchemasITCase extends KafkaTopicSchemasITCase {
  @Override
  protected Map<String, String> connectionOptions() {
    return Map.of("url", "jdbc:h2:file:" + tmp.resolve("catalog").toAbsolutePath());
  }
}
