package io.streamkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DriverDataSourceTest {
  private int loginTimeoutBefore;

  @BeforeEach
  void rememberLoginTimeout() {
    loginTimeoutBefore = DriverManager.getLoginTimeout();
    DriverManager.setLoginTimeout(0);
  }

  @AfterEach
  void restoreLoginTimeout() {
    DriverManager.setLoginTimeout(loginTimeoutBefore);
  }

  @Test
  void aPoolStartedOnItLeavesTheJvmWideLoginTimeoutAlone() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setDataSource(
        new DriverDataSource(
            "jdbc:h2:mem:dds;DB_CLOSE_DELAY=-1",
            "sa",
            "",
            Duration.ofSeconds(3),
            getClass().getClassLoader(),
            "test URL"));
    config.setConnectionTimeout(3_000);
    try (HikariDataSource pool = new HikariDataSource(config);
        Connection c = pool.getConnection()) {
      assertThat(c.isValid(1)).isTrue();
    }
    assertThat(DriverManager.getLoginTimeout()).isZero();
  }

  /**
   * What the pools of the catalog and the lookup connector did before: the reason for this class.
   */
  @Test
  void aPoolGivenTheUrlChangesTheJvmWideLoginTimeout() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:dds2;DB_CLOSE_DELAY=-1");
    config.setConnectionTimeout(3_000);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      assertThat(DriverManager.getLoginTimeout()).isEqualTo(3);
    }
  }

  @Test
  void loadsTheDriverFromTheGivenClassLoaderNotFromDriverManager() throws Exception {
    // A loader that sees only the JDK: the H2 driver on the test class path is not in it.
    ClassLoader jdkOnly = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader());
    assertThatThrownBy(
            () ->
                new DriverDataSource(
                    "jdbc:h2:mem:x;PASSWORD=secret",
                    null,
                    null,
                    Duration.ofSeconds(1),
                    jdkOnly,
                    "u"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("org.h2.Driver")
        .hasMessageContaining("PASSWORD=******")
        .hasMessageNotContaining("secret");
  }

  @Test
  void anUnsupportedUrlSaysWhoseUrlItIsAndHidesItsSecrets() {
    assertThatThrownBy(
            () ->
                new DriverDataSource(
                    "jdbc:oracle:thin:@h?password=p",
                    null,
                    null,
                    Duration.ofSeconds(1),
                    getClass().getClassLoader(),
                    "catalog database URL"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Unsupported catalog database URL 'jdbc:oracle:thin:@h?password=******'");
  }

  @Test
  void connectTimeoutsAreTheDriversOwnProperties() {
    Properties pg = new Properties();
    Database.POSTGRESQL.addConnectTimeout(pg, Duration.ofMillis(1_500));
    assertThat(pg).containsEntry("connectTimeout", "2").containsEntry("loginTimeout", "2");
    Properties my = new Properties();
    Database.MYSQL.addConnectTimeout(my, Duration.ofMillis(1_500));
    assertThat(my).containsEntry("connectTimeout", "1500");
  }

  @Test
  void mariaDbsDriverIsToldToAcceptMysqlUrls() {
    assertThat(Database.MYSQL.driverUrl("jdbc:mysql://h/db", "org.mariadb.jdbc.Driver"))
        .isEqualTo("jdbc:mysql://h/db?permitMysqlScheme");
    assertThat(Database.MYSQL.driverUrl("jdbc:mysql://h/db?a=1", "org.mariadb.jdbc.Driver"))
        .isEqualTo("jdbc:mysql://h/db?a=1&permitMysqlScheme");
    assertThat(Database.MYSQL.driverUrl("jdbc:mariadb://h/db", "org.mariadb.jdbc.Driver"))
        .isEqualTo("jdbc:mariadb://h/db");
  }
}
