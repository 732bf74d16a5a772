package io.streamkit.catalog;

import io.streamkit.testkit.Postgres;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresEncryptedCatalogITCase extends EncryptedCatalogITCase {
  @RegisterExtension static final Postgres POSTGRES = new Postgres();

  @Override
  protected Map<String, String> newMetadataDatabase(String name) {
    POSTGRES.createDatabase(name);
    return Map.of("url", POSTGRES.jdbcUrl(name), "username", POSTGRES.username());
  }
}
