package io.streamkit.catalog;

import io.streamkit.testkit.DatabaseServer;
import io.streamkit.testkit.MariaDb;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbMetadataWriteFaultsITCase extends MetadataWriteFaultsITCase {
  @RegisterExtension static final MariaDb MARIADB = new MariaDb();

  @Override
  protected DatabaseServer server() {
    return MARIADB;
  }

  @Override
  protected String proxiedUrl(int port, String database) {
    return "jdbc:mariadb://127.0.0.1:"
        + port
        + "/"
        + database
        + "?sslMode=disable&useServerPrepStmts=false";
  }
}
