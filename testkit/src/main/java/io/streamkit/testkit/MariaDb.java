package io.streamkit.testkit;

import java.nio.file.Path;
import java.util.List;

/**
 * A private MariaDB server from Debian's {@code mariadb-server} package: {@code mariadb-install-db}
 * into a temporary data dir, then {@code mariadbd} on a random loopback port. The admin user is
 * {@code root} without a password; {@link #createDatabase(String)} makes a schema for a test.
 */
public final class MariaDb extends DatabaseServer {
  private static final String PACKAGE = "mariadb-server";

  public MariaDb() {
    super("MariaDB");
  }

  @Override
  public String jdbcUrl(String database) {
    return "jdbc:mariadb://127.0.0.1:" + port() + "/" + database + "?sslMode=disable";
  }

  @Override
  public String username() {
    return "root";
  }

  @Override
  protected String adminDatabase() {
    return "mysql";
  }

  @Override
  protected void initialize(Path baseDir) {
    Path installDb =
        requireBinary(PACKAGE, List.of("/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db"));
    run(
        List.of(
            installDb.toString(),
            "--no-defaults",
            "--datadir=" + baseDir.resolve("data"),
            "--user=" + System.getProperty("user.name"),
            "--auth-root-authentication-method=normal",
            "--skip-test-db"),
        baseDir);
  }

  @Override
  protected List<String> serverCommand(Path baseDir, int port) {
    Path server = requireBinary(PACKAGE, List.of("/usr/sbin/mariadbd", "/usr/bin/mariadbd"));
    return List.of(
        server.toString(),
        "--no-defaults",
        "--datadir=" + baseDir.resolve("data"),
        "--user=" + System.getProperty("user.name"),
        "--port=" + port,
        "--bind-address=127.0.0.1",
        "--socket=" + baseDir.resolve("mariadb.sock"),
        "--pid-file=" + baseDir.resolve("mariadb.pid"),
        "--skip-name-resolve",
        "--innodb-buffer-pool-size=64M",
        "--innodb-flush-log-at-trx-commit=2",
        "--character-set-server=utf8mb4",
        "--collation-server=utf8mb4_bin");
  }
}
