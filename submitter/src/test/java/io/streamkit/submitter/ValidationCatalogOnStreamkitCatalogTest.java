package io.streamkit.submitter;

import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.factories.FactoryUtil;
import org.junit.jupiter.api.BeforeAll;

/**
 * The catalog contract over the overlay on the catalog {@code sql validate} wraps in practice: the
 * streamkit catalog, here on an in-memory H2 database.
 */
class ValidationCatalogOnStreamkitCatalogTest extends ValidationCatalogContractTest {
  @BeforeAll
  static void init() throws Exception {
    wrap(
        FactoryUtil.createCatalog(
            "real",
            Map.of(
                "type",
                "streamkit",
                "url",
                "jdbc:h2:mem:validation-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
            new Configuration(),
            Thread.currentThread().getContextClassLoader()));
  }

  /** The streamkit catalog stores models: the overlay holds the contract's models over it. */
  @Override
  protected boolean supportsModels() {
    return true;
  }
}
