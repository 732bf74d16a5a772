package io.streamkit.dimension;

import io.streamkit.testkit.DatabaseServer;
import io.streamkit.testkit.MariaDb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbDimensionJoinITCase extends DimensionJoinContractITCase {
  @RegisterExtension static final MariaDb MARIADB = new MariaDb();

  @BeforeAll
  static void tables() throws Exception {
    createTables(MARIADB, "dims");
  }

  @Override
  protected DatabaseServer server() {
    return MARIADB;
  }

  @Override
  protected String database() {
    return "dims";
  }
}
