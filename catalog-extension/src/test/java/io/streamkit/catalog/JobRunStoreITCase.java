package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.catalog.JobRunStore.JobRun;
import io.streamkit.testkit.DatabaseServer;
import io.streamkit.testkit.MariaDb;
import io.streamkit.testkit.Postgres;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Job runs round-trip on each metadata database: every column, nulls, replace by run id. */
class JobRunStoreITCase {
  @RegisterExtension static final MariaDb MARIADB = new MariaDb();
  @RegisterExtension static final Postgres POSTGRES = new Postgres();

  @TempDir Path tmp;

  @Test
  void onH2() {
    roundTrip(Map.of("url", "jdbc:h2:file:" + tmp.resolve("meta").toAbsolutePath()));
  }

  @Test
  void onMariaDb() {
    roundTrip(options(MARIADB, "jobs_m"));
  }

  @Test
  void onPostgres() {
    roundTrip(options(POSTGRES, "jobs_p"));
  }

  private static Map<String, String> options(DatabaseServer server, String db) {
    server.createDatabase(db);
    Map<String, String> options = new HashMap<>();
    options.put("url", server.jdbcUrl(db));
    options.put("username", server.username());
    if (!server.password().isEmpty()) {
      options.put("password", server.password());
    }
    return options;
  }

  private void roundTrip(Map<String, String> options) {
    try (JobRunStore store =
        JobRunStore.open(Configuration.fromMap(options), getClass().getClassLoader())) {
      String script = "SET 'pipeline.name' = 'etl';\n-- ünïcode\nINSERT INTO t SELECT 1;\n";
      JobRun first =
          new JobRun(
              "run-1",
              "etl",
              "0123456789abcdef0123456789abcdef",
              "jm:8081",
              "submitted",
              "/jobs/etl.sql",
              script,
              "h".repeat(64),
              "INSERT INTO t SELECT 1",
              "{\"parallelism.default\":\"2\"}",
              "{\"bootstrap\":\"k:9092\"}",
              false,
              null,
              null,
              null,
              1_000L,
              null,
              1_000L);
      store.put(first);
      JobRun refused =
          new JobRun(
              "run-2",
              "etl",
              null,
              "jm:8081",
              "failed",
              "/jobs/etl.sql",
              script,
              "h".repeat(64),
              "INSERT INTO t SELECT 1",
              "{}",
              "{}",
              true,
              null,
              "file:/sp/1",
              "no such table",
              2_000L,
              2_000L,
              2_000L);
      store.put(refused);

      assertThat(store.runsOf("etl")).containsExactly(first, refused);
      assertThat(store.byId("0123456789abcdef0123456789abcdef")).contains(first);
      assertThat(store.byId("run-2")).contains(refused);
      assertThat(store.byId("nope")).isEmpty();

      JobRun stopped =
          first.withSavepoint("file:/sp/2", 3_000L).withState("stopped", "stopped", 3_000L, 3_000L);
      store.put(stopped);
      assertThat(store.all()).containsExactly(stopped, refused);
      assertThat(store.runsOf("other")).isEmpty();
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }
}
