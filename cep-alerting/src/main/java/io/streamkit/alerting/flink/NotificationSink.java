package io.streamkit.alerting.flink;

import io.streamkit.alerting.Notification;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Delivers notifications to the channels each rule names ({@code notify}). What a webhook or an
 * Alertmanager has not accepted yet is writer state: a restored job delivers it.
 */
final class NotificationSink
    implements Sink<Notification>, SupportsWriterState<Notification, NotificationSink.Pending> {
  private static final long serialVersionUID = 1L;

  /** A notification not yet accepted by one channel. */
  record Pending(String channel, Notification notification) implements Serializable {}

  private final ChannelSettings settings;

  NotificationSink(ChannelSettings settings) {
    this.settings = settings;
  }

  @Override
  public StatefulSinkWriter<Notification, Pending> createWriter(WriterInitContext context) {
    return new NotificationWriter(settings, List.of(), context.metricGroup());
  }

  @Override
  public StatefulSinkWriter<Notification, Pending> restoreWriter(
      WriterInitContext context, Collection<Pending> recovered) {
    return new NotificationWriter(settings, recovered, context.metricGroup());
  }

  @Override
  public SimpleVersionedSerializer<Pending> getWriterStateSerializer() {
    return new PendingSerializer();
  }

  /** Java serialization of {@link Pending}: a notification is a record of plain values. */
  static final class PendingSerializer implements SimpleVersionedSerializer<Pending> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(Pending pending) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(pending);
      }
      return bytes.toByteArray();
    }

    @Override
    public Pending deserialize(int version, byte[] serialized) throws IOException {
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialized))) {
        return (Pending) in.readObject();
      } catch (ClassNotFoundException e) {
        throw new IOException(e);
      }
    }
  }

  /** The channels' settings, as the job's configuration gives them. */
  record ChannelSettings(
      String bootstrap,
      String alertsTopic,
      String webhookUrl,
      String webhookSecret,
      String alertmanagerUrl,
      long maxBackoffMs)
      implements Serializable {
    @Override
    public String toString() { // never the secret
      return "ChannelSettings[" + configured() + "]";
    }

    List<String> configured() {
      List<String> out = new ArrayList<>(List.of("log"));
      if (bootstrap != null) {
        out.add("kafka");
      }
      if (webhookUrl != null) {
        out.add("webhook");
      }
      if (alertmanagerUrl != null) {
        out.add("alertmanager");
      }
      return out;
    }
  }
}
