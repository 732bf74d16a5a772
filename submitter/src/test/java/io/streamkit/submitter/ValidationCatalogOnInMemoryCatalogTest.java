package io.streamkit.submitter;

import org.apache.flink.table.catalog.GenericInMemoryCatalog;
import org.junit.jupiter.api.BeforeAll;

/**
 * The catalog contract over the overlay on Flink's in-memory catalog, which has models: so the
 * contract's model cases run too.
 */
class ValidationCatalogOnInMemoryCatalogTest extends ValidationCatalogContractTest {
  @BeforeAll
  static void init() throws Exception {
    wrap(new GenericInMemoryCatalog("real", "default"));
  }

  @Override
  protected boolean supportsModels() {
    return true;
  }
}
