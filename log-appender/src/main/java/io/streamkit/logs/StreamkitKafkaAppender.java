package io.streamkit.logs;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.core.config.plugins.PluginElement;
import org.apache.logging.log4j.core.config.plugins.validation.constraints.Required;

/**
 * Log4j2 appender {@code StreamkitKafka}: every log event as a JSON line to a Kafka topic, tagged
 * with the job from environment variables (or system properties). {@link #append} only formats and
 * queues; a background thread ships to Kafka and, while Kafka is down, to a bounded spill directory
 * that is replayed in order when Kafka returns (see docs/log-appender.md).
 */
@Plugin(
    name = "StreamkitKafka",
    category = Core.CATEGORY_NAME,
    elementType = Appender.ELEMENT_TYPE,
    printObject = true)
public final class StreamkitKafkaAppender extends AbstractAppender {
  static final int SCHEMA = 1;

  private final KafkaShipper shipper;
  private final EventJson json;
  private final AtomicLong sequence = new AtomicLong();
  private final Duration shutdownTimeout;

  private StreamkitKafkaAppender(
      String name,
      Filter filter,
      Layout<? extends Serializable> layout,
      Property[] properties,
      String instanceId,
      KafkaShipper shipper,
      JobTags tags,
      Duration shutdownTimeout) {
    super(name, filter, layout, true, properties);
    this.shipper = shipper;
    this.shutdownTimeout = shutdownTimeout;
    this.json = new EventJson(instanceId, hostName(), tags);
  }

  @PluginBuilderFactory
  public static Builder newBuilder() {
    return new Builder();
  }

  @Override
  public void append(LogEvent event) {
    // The appender's own Kafka client must not log back into it; the job's Kafka logs are shipped.
    if (shipper.isOwnClientLog(event.getLoggerName(), event.getThreadName())) {
      return;
    }
    shipper.offer(toJson(event));
  }

  String toJson(LogEvent event) {
    return json.format(event, sequence.incrementAndGet());
  }

  /** Lines lost so far: only when the disk budget was full (or the spill directory unusable). */
  public long droppedEvents() {
    return shipper.dropped();
  }

  /** How often a logging thread found the queue full and spilled it itself. */
  long overflows() {
    return shipper.overflows();
  }

  @Override
  public boolean stop(long timeout, TimeUnit timeUnit) {
    setStopping();
    shipper.close(shutdownTimeout);
    setStopped();
    return true;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * Attributes of {@code <StreamkitKafka ...>}, declared with their defaults in {@link
   * LogAppenderOptions} (docs/log-appender.md's table is generated from there).
   */
  public static final class Builder extends AbstractAppender.Builder<Builder>
      implements org.apache.logging.log4j.core.util.Builder<StreamkitKafkaAppender> {
    @PluginBuilderAttribute
    @Required(message = "StreamkitKafka needs bootstrapServers")
    private String bootstrapServers = LogAppenderOptions.BOOTSTRAP_SERVERS.defaultValue();

    @PluginBuilderAttribute private String topic = LogAppenderOptions.TOPIC.defaultValue();

    @PluginBuilderAttribute
    private int queueCapacity = LogAppenderOptions.QUEUE_CAPACITY.defaultValue();

    @PluginBuilderAttribute
    private String spillDirectory = LogAppenderOptions.SPILL_DIRECTORY.defaultValue();

    @PluginBuilderAttribute
    private long spillMaxBytes = LogAppenderOptions.SPILL_MAX_BYTES.defaultValue();

    @PluginBuilderAttribute
    private long shutdownTimeoutMillis = LogAppenderOptions.SHUTDOWN_TIMEOUT_MILLIS.defaultValue();

    @PluginElement("Properties")
    private Property[] producerProperties = new Property[0];

    private Map<String, String> environment = System.getenv();

    public Builder setBootstrapServers(String servers) {
      this.bootstrapServers = servers;
      return this;
    }

    public Builder setTopic(String topic) {
      this.topic = topic;
      return this;
    }

    public Builder setQueueCapacity(int capacity) {
      this.queueCapacity = capacity;
      return this;
    }

    public Builder setSpillDirectory(String dir) {
      this.spillDirectory = dir;
      return this;
    }

    public Builder setSpillMaxBytes(long bytes) {
      this.spillMaxBytes = bytes;
      return this;
    }

    public Builder setShutdownTimeoutMillis(long millis) {
      this.shutdownTimeoutMillis = millis;
      return this;
    }

    /** For tests: the environment the job tags are read from. */
    Builder setEnvironment(Map<String, String> environment) {
      this.environment = environment;
      return this;
    }

    @Override
    public StreamkitKafkaAppender build() {
      Properties producer = new Properties();
      for (Property p : producerProperties) {
        producer.put(p.getName(), p.getValue());
      }
      producer.put("bootstrap.servers", bootstrapServers);
      Path spillDir =
          spillDirectory != null
              ? Path.of(spillDirectory)
              : Path.of(System.getProperty("java.io.tmpdir"), "streamkit-log-spill", getName());
      SpillBuffer spill;
      try {
        spill = new SpillBuffer(spillDir, spillMaxBytes);
      } catch (IOException e) {
        throw new IllegalStateException(
            "Cannot use spill directory " + spillDir + ": " + e.getMessage(), e);
      }
      // Also the record key: one appender's events stay in order on one partition.
      String instanceId = UUID.randomUUID().toString();
      return new StreamkitKafkaAppender(
          getName(),
          getFilter(),
          getLayout(),
          getPropertyArray(),
          instanceId,
          new KafkaShipper(topic, instanceId, producer, queueCapacity, spill),
          new JobTags(environment, System::getProperty),
          Duration.ofMillis(shutdownTimeoutMillis));
    }
  }
}
