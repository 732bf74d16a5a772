package io.streamkit.catalog;

import java.util.Map;

class H2EncryptedCatalogITCase extends EncryptedCatalogITCase {
  @Override
  protected Map<String, String> newMetadataDatabase(String name) {
    return Map.of(
        "url", "jdbc:h2:file:" + tmp.resolve(name).toAbsolutePath() + ";AUTO_SERVER=TRUE");
  }
}
