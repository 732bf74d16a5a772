package io.streamkit.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The {@code sk_applied_ops} table (schema version 3): the token of every committed write, stored
 * in that write's transaction. A write whose connection broke after its {@code COMMIT} was sent
 * cannot tell whether it committed; its retry records the same token first, and finding it there
 * means the first attempt did commit. Tokens are needed only for the few seconds of a retry; rows
 * older than {@link #RETENTION} (by the writing client's clock) are pruned.
 */
final class AppliedOps {
  /** The first schema version that has the table. */
  static final int SINCE_VERSION = 3;

  static final Duration RETENTION = Duration.ofDays(1);

  /** How often one store deletes expired tokens. */
  static final Duration PRUNE_INTERVAL = Duration.ofMinutes(10);

  private AppliedOps() {}

  /**
   * Records {@code token} in {@code c}'s transaction. Returns false when the token is there
   * already: an earlier attempt of the same write committed. If that attempt is still committing,
   * the insert waits for it (the row is locked), so the answer is never premature.
   */
  static boolean record(Connection c, String token, long now) throws SQLException {
    try {
      MetadataStore.update(
          c, "INSERT INTO sk_applied_ops (token, applied_at) VALUES (?, ?)", token, now);
      return true;
    } catch (SQLException e) {
      if (Dialect.isDuplicateKey(e)) {
        return false;
      }
      throw e;
    }
  }

  /** Deletes tokens older than {@link #RETENTION}; returns how many. */
  static int prune(Connection c, long now) throws SQLException {
    return MetadataStore.update(
        c, "DELETE FROM sk_applied_ops WHERE applied_at < ?", now - RETENTION.toMillis());
  }
}
