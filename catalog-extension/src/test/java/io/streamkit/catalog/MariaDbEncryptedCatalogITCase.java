package io.streamkit.catalog;

import io.streamkit.testkit.MariaDb;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbEncryptedCatalogITCase extends EncryptedCatalogITCase {
  @RegisterExtension static final MariaDb MARIADB = new MariaDb();

  @Override
  protected Map<String, String> newMetadataDatabase(String name) {
    MARIADB.createDatabase(name);
    return Map.of("url", MARIADB.jdbcUrl(name), "username", MARIADB.username());
  }
}
