package io.streamkit.catalog;

import io.streamkit.testkit.MariaDb;
import java.util.Map;
import org.apache.flink.table.catalog.Catalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Flink's catalog contract on MariaDB (the Debian server testkit starts). */
class MariaDbFlinkCatalogContractITCase extends FlinkCatalogContract {
  @RegisterExtension static final MariaDb MARIADB = new MariaDb();
  private static Catalog second;

  @BeforeAll
  static void init() {
    MARIADB.createDatabase("contract");
    Map<String, String> connection =
        Map.of("url", MARIADB.jdbcUrl("contract"), "username", MARIADB.username());
    catalog = open(connection);
    second = open(connection);
  }

  @AfterAll
  static void closeSecond() {
    second.close();
  }

  @Override
  protected Catalog another() {
    return second;
  }
}
