package io.streamkit.dimension;

import io.streamkit.testkit.DatabaseServer;
import io.streamkit.testkit.Postgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresDimensionJoinITCase extends DimensionJoinContractITCase {
  @RegisterExtension static final Postgres POSTGRES = new Postgres();

  @BeforeAll
  static void tables() throws Exception {
    createTables(POSTGRES, "dims");
  }

  @Override
  protected DatabaseServer server() {
    return POSTGRES;
  }

  @Override
  protected String database() {
    return "dims";
  }
}
