package io.streamkit.latency.flink;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;

/** Hands a sink's post-commit topology the committables it knows, without our timing. */
final class UnwrapCommittables<C>
    implements MapFunction<CommittableMessage<TrackedCommittable<C>>, CommittableMessage<C>> {
  private static final long serialVersionUID = 1L;

  @Override
  public CommittableMessage<C> map(CommittableMessage<TrackedCommittable<C>> message) {
    if (message instanceof CommittableWithLineage<TrackedCommittable<C>> withLineage) {
      return withLineage.map(TrackedCommittable::committable);
    }
    return ((CommittableSummary<TrackedCommittable<C>>) message).map();
  }
}
