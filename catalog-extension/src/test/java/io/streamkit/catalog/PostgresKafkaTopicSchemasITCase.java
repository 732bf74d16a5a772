package io.streamkit.catalog;

import io.streamkit.testkit.Postgres;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresKafkaTopicSchemasITCase extends KafkaTopicSchemasITCase {
  @RegisterExtension static final Postgres POSTGRES = new Postgres();

  @BeforeAll
  static void createMetadataDatabase() {
    POSTGRES.createDatabase("meta");
  }

  @Override
  protected Map<String, String> connectionOptions() {
    return Map.of("url", POSTGRES.jdbcUrl("meta"), "username", POSTGRES.username());
  }
}
