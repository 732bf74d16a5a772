package io.streamkit.catalog;

import java.util.Map;

class H2CatalogITCase extends CatalogContractITCase {
  @Override
  protected Map<String, String> connectionOptions() {
    return Map.of(
        "url", "jdbc:h2:file:" + tmp.resolve("meta").toAbsolutePath() + ";AUTO_SERVER=TRUE");
  }
}
