package io.streamkit.catalog;

import io.streamkit.testkit.Postgres;
import java.util.Map;
import org.apache.flink.table.catalog.Catalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Flink's catalog contract on PostgreSQL (the Debian server testkit starts). */
class PostgresFlinkCatalogContractITCase extends FlinkCatalogContract {
  @RegisterExtension static final Postgres POSTGRES = new Postgres();
  private static Catalog second;

  @BeforeAll
  static void init() {
    POSTGRES.createDatabase("contract");
    Map<String, String> connection =
        Map.of("url", POSTGRES.jdbcUrl("contract"), "username", POSTGRES.username());
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
