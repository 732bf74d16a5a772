package io.streamkit.dimension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.DriverManager;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code connection.timeout} bounds connecting through each driver's own connect-timeout setting,
 * never through {@link DriverManager#setLoginTimeout}, which would change every other JDBC user in
 * the JVM. The database here accepts TCP connections and then never answers, as a hung server or a
 * half-open network path does.
 */
class ConnectTimeoutITCase {
  private ServerSocket silent;
  private int loginTimeoutBefore;

  @BeforeEach
  void silentServer() throws Exception {
    // Never accepted: the kernel completes the TCP handshake into the backlog, then nothing.
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    loginTimeoutBefore = DriverManager.getLoginTimeout();
    DriverManager.setLoginTimeout(0);
  }

  @AfterEach
  void close() throws Exception {
    DriverManager.setLoginTimeout(loginTimeoutBefore);
    silent.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:mariadb", "jdbc:postgresql"})
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails, not blocks
  void anUnansweringDatabaseFailsPlanningWithinTheTimeout(String scheme) {
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    env.executeSql("CREATE TABLE src (id INT, pt AS PROCTIME()) WITH ('connector' = 'datagen')");
    env.executeSql(
        "CREATE TABLE dim (id INT) WITH ('connector' = 'streamkit-jdbc', 'url' = '"
            + scheme
            + "://127.0.0.1:"
            + silent.getLocalPort()
            + "/dims', 'username' = 'u', 'table-name' = 'dim', 'connection.timeout' = '2 s')");
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                env.explainSql(
                    "SELECT * FROM src AS s JOIN dim FOR SYSTEM_TIME AS OF s.pt AS d"
                        + " ON s.id = d.id"))
        .hasStackTraceContaining("Cannot connect to " + scheme + "://127.0.0.1:");
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(tookMillis)
        .as("failed within the 2 s timeout, plus slack")
        .isBetween(1_500L, 8_000L);
    assertThat(DriverManager.getLoginTimeout())
        .as("the JVM-wide JDBC login timeout is left alone")
        .isZero();
  }

  /** The task's connection pool as well: pools given a URL set the JVM-wide timeout on start. */
  @org.junit.jupiter.api.Test
  void aRunningLookupLeavesTheJvmWideLoginTimeoutAlone() throws Exception {
    String url = "jdbc:h2:mem:login_timeout;DB_CLOSE_DELAY=-1";
    try (java.sql.Connection c = DriverManager.getConnection(url);
        java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE TABLE dim (id INT PRIMARY KEY, name VARCHAR(10))");
      s.execute("INSERT INTO dim VALUES (1, 'one')");
    }
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    env.executeSql(
        "CREATE TABLE src (id INT, pt AS PROCTIME()) WITH ('connector' = 'datagen',"
            + " 'number-of-rows' = '3', 'fields.id.min' = '1', 'fields.id.max' = '1')");
    env.executeSql(
        "CREATE TABLE dim (id INT, name STRING) WITH ('connector' = 'streamkit-jdbc', 'url' = '"
            + url
            + "', 'table-name' = 'dim', 'connection.timeout' = '7 s')");
    java.util.List<String> names = new java.util.ArrayList<>();
    try (org.apache.flink.util.CloseableIterator<org.apache.flink.types.Row> rows =
        env.executeSql(
                "SELECT d.name FROM src AS s JOIN dim FOR SYSTEM_TIME AS OF s.pt AS d"
                    + " ON s.id = d.id")
            .collect()) {
      rows.forEachRemaining(r -> names.add((String) r.getField(0)));
    }
    assertThat(names).containsExactly("one", "one", "one");
    assertThat(DriverManager.getLoginTimeout())
        .as("the JVM-wide JDBC login timeout is left alone by the task's pool")
        .isZero();
  }
}
