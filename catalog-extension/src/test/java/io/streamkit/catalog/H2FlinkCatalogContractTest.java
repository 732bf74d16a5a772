package io.streamkit.catalog;

import java.util.Map;
import java.util.UUID;
import org.apache.flink.table.catalog.Catalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Flink's catalog contract on the default metadata database, H2 (in memory). */
class H2FlinkCatalogContractTest extends FlinkCatalogContract {
  private static Map<String, String> connection;
  private static Catalog second;

  @BeforeAll
  static void init() {
    connection = Map.of("url", "jdbc:h2:mem:contract-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
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
