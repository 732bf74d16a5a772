package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operation tokens on an embedded H2: one per committed write, none for a failed one, pruned. */
class AppliedOpsTest {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private MetadataStore store;

  @BeforeEach
  void open() {
    store =
        MetadataStore.open(
            new JdbcSettings(
                "jdbc:h2:mem:ops" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1",
                null,
                null,
                Duration.ofSeconds(5),
                2),
            getClass().getClassLoader());
  }

  @AfterEach
  void close() {
    store.close();
  }

  private List<Long> tokenTimes() {
    return store.read(
        "read tokens",
        c ->
            MetadataStore.query(
                c,
                "SELECT applied_at FROM sk_applied_ops ORDER BY applied_at",
                rs -> rs.getLong(1)));
  }

  @Test
  void eachCommittedWriteLeavesOneTokenAndExpiredOnesArePruned() {
    long now = System.currentTimeMillis();
    long expired = now - AppliedOps.RETENTION.toMillis() - 1;
    store.writeOrFail(
        "seed an expired token",
        c ->
            MetadataStore.update(
                c,
                "INSERT INTO sk_applied_ops (token, applied_at) VALUES ('expired', ?)",
                expired));

    // The seeding write committed with its own token; the prune after it removed the expired one.
    assertThat(tokenTimes()).hasSize(1).allSatisfy(t -> assertThat(t).isBetween(now, now + 60_000));

    store.writeOrFail(
        "create database",
        c ->
            MetadataStore.update(
                c,
                "INSERT INTO sk_database (db_name, properties, created_at, updated_at)"
                    + " VALUES ('d', '{}', 0, 0)"));
    assertThat(tokenTimes()).hasSize(2);
  }

  @Test
  void aFailedWriteLeavesNoToken() {
    assertThatThrownBy(
            () ->
                store.writeOrFail(
                    "fail",
                    c -> {
                      MetadataStore.update(
                          c,
                          "INSERT INTO sk_database (db_name, properties, created_at, updated_at)"
                              + " VALUES ('d', '{}', 0, 0)");
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(tokenTimes()).isEmpty();
    List<String> databases =
        store.read(
            "list", c -> MetadataStore.query(c, "SELECT db_name FROM sk_database", rs -> "x"));
    assertThat(databases).isEmpty();
  }
}
