package io.streamkit.shuffle.spark;

import io.streamkit.shuffle.common.ShuffleSlots;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.shuffle.BaseShuffleHandle;

/** Spark's shuffle handle plus what executors need to push and read: app id and workers. */
final class RemoteShuffleHandle<K, V, C> extends BaseShuffleHandle<K, V, C> {
  private static final long serialVersionUID = 1L;

  private final String appId;
  private final ShuffleSlots slots;

  RemoteShuffleHandle(
      int shuffleId, ShuffleDependency<K, V, C> dependency, String appId, ShuffleSlots slots) {
    super(shuffleId, dependency);
    this.appId = appId;
    this.slots = slots;
  }

  String appId() {
    return appId;
  }

  ShuffleSlots slots() {
    return slots;
  }
}
