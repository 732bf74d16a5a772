package io.streamkit.shuffle.spark;

import io.streamkit.shuffle.common.ShuffleAuth;
import io.streamkit.shuffle.common.ShuffleSlots;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.shuffle.BaseShuffleHandle;

/**
 * Spark's shuffle handle plus what executors need to push and read: app id, workers and, with
 * authentication, the application's secret (it travels with the tasks, as Spark's own task data
 * does; Spark's {@code spark.authenticate} and {@code spark.network.crypto.enabled} protect it on
 * the way).
 */
final class RemoteShuffleHandle<K, V, C> extends BaseShuffleHandle<K, V, C> {
  private static final long serialVersionUID = 1L;

  private final String appId;
  private final ShuffleSlots slots;
  private final byte[] appSecret;

  RemoteShuffleHandle(
      int shuffleId,
      ShuffleDependency<K, V, C> dependency,
      String appId,
      ShuffleSlots slots,
      byte[] appSecret) {
    super(shuffleId, dependency);
    this.appId = appId;
    this.slots = slots;
    this.appSecret = appSecret;
  }

  /** How executors authenticate, or null without authentication. */
  ShuffleAuth.Credentials credentials() {
    return appSecret == null
        ? null
        : new ShuffleAuth.Credentials(ShuffleAuth.app(appId), appSecret);
  }

  String appId() {
    return appId;
  }

  ShuffleSlots slots() {
    return slots;
  }
}
