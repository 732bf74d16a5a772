package io.streamkit.alerting.flink;

import io.streamkit.alerting.Notification;
import java.util.List;

/** Where notifications go: Kafka, a webhook, an Alertmanager or the log. */
interface Channel extends AutoCloseable {
  /** Hands one notification over; never blocks on the receiver. */
  void send(Notification n);

  /** Called at every checkpoint: the channel's buffered records are written out. */
  default void flush() {}

  /** What was handed over and is not delivered yet, kept in the checkpoint. */
  default List<Notification> pending() {
    return List.of();
  }

  @Override
  default void close() {}
}
