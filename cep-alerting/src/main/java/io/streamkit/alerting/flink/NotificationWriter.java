package io.streamkit.alerting.flink;

import io.streamkit.alerting.Notification;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands each notification to the channels its rule names that are configured. */
final class NotificationWriter
    implements StatefulSinkWriter<Notification, NotificationSink.Pending> {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationWriter.class);

  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final Set<String> warnedMissing = new HashSet<>();
  private final Counter sent;
  private final Counter unconfigured;

  NotificationWriter(
      NotificationSink.ChannelSettings s,
      Collection<NotificationSink.Pending> recovered,
      SinkWriterMetricGroup metrics) {
    channels.put("log", n -> LOG.warn("ALERT {}", n.toJson()));
    if (s.bootstrap() != null) {
      channels.put("kafka", new KafkaChannel(s.bootstrap(), s.alertsTopic()));
    }
    Duration backoff = Duration.ofMillis(s.maxBackoffMs());
    if (s.webhookUrl() != null) {
      channels.put(
          "webhook",
          new HttpChannel(
              "webhook",
              URI.create(s.webhookUrl()),
              Notification::toJson,
              backoff,
              s.webhookSecret()));
    }
    if (s.alertmanagerUrl() != null) {
      URI uri = URI.create(s.alertmanagerUrl().replaceAll("/+$", "") + "/api/v2/alerts");
      channels.put(
          "alertmanager",
          new HttpChannel("alertmanager", uri, AlertmanagerAlerts::body, backoff, null));
    }
    for (NotificationSink.Pending p : recovered) {
      Channel c = channels.get(p.channel());
      if (c != null) {
        c.send(p.notification());
      }
    }
    sent = metrics.counter("alertNotificationsSent");
    unconfigured = metrics.counter("alertNotificationsUnconfigured");
  }

  @Override
  public void write(Notification n, Context context) {
    for (String name : n.channels()) {
      Channel c = channels.get(name);
      if (c == null) {
        unconfigured.inc();
        if (warnedMissing.add(name)) {
          LOG.warn(
              "Rule {} notifies '{}', which is not configured (set streamkit.alerting.{}); its"
                  + " notifications go to the log only.",
              n.rule(),
              name,
              name.equals("webhook")
                  ? "webhook.url"
                  : name.equals("alertmanager") ? "alertmanager.url" : "bootstrap-servers");
        }
        channels.get("log").send(n);
        continue;
      }
      c.send(n);
      sent.inc();
    }
  }

  @Override
  public void flush(boolean endOfInput) {
    channels.values().forEach(Channel::flush);
  }

  @Override
  public List<NotificationSink.Pending> snapshotState(long checkpointId) {
    List<NotificationSink.Pending> pending = new ArrayList<>();
    channels.forEach(
        (name, c) -> c.pending().forEach(n -> pending.add(new NotificationSink.Pending(name, n))));
    return pending;
  }

  @Override
  public void close() {
    channels.values().forEach(Channel::close);
  }
}
