package io.streamkit.catalog;

import io.streamkit.testkit.MariaDb;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbKafkaTopicSchemasITCase extends KafkaTopicSchemasITCase {
  @RegisterExtension static final MariaDb MARIADB = new MariaDb();

  @BeforeAll
  static void createMetadataDatabase() {
    MARIADB.createDatabase("meta");
  }

  @Override
  protected Map<String, String> connectionOptions() {
    return Map.of("url", MARIADB.jdbcUrl("meta"), "username", MARIADB.username());
  }
}
