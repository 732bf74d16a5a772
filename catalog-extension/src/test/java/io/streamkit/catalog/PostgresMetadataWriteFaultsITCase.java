package io.streamkit.catalog;

import io.streamkit.testkit.DatabaseServer;
import io.streamkit.testkit.Postgres;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresMetadataWriteFaultsITCase extends MetadataWriteFaultsITCase {
  @RegisterExtension static final Postgres POSTGRES = new Postgres();

  @Override
  protected DatabaseServer server() {
    return POSTGRES;
  }

  @Override
  protected String proxiedUrl(int port, String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?prepareThreshold=0";
  }
}
