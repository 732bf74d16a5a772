package io.streamkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DatabaseServerITCase {
  @RegisterExtension static final MariaDb MARIADB = new MariaDb();
  @RegisterExtension static final Postgres POSTGRES = new Postgres();

  @Test
  void mariaDbKeepsDataAcrossRestartAndIsUnreachableWhenStopped() throws Exception {
    checkRestart(MARIADB);
  }

  @Test
  void postgresKeepsDataAcrossRestartAndIsUnreachableWhenStopped() throws Exception {
    checkRestart(POSTGRES);
  }

  private static void checkRestart(DatabaseServer server) throws SQLException {
    server.createDatabase("restart_check");
    server.execute(
        "restart_check", "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1), (2)");

    server.stop();
    assertThat(server.isRunning()).isFalse();
    assertThatThrownBy(() -> server.connect("restart_check").close())
        .isInstanceOf(SQLException.class);

    server.restart();
    try (Connection c = server.connect("restart_check");
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(2);
    }
  }
}
