package io.streamkit.submitter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The Kafka topics test mode writes to: {@code <topic><suffix>} on the production topic's cluster,
 * created when missing with the production topic's partition count (results land in the same
 * partitions as in production) and the broker's default replication.
 */
final class TestTopics {
  private static final long TIMEOUT_SECONDS = 30;
  private final String suffix;

  TestTopics(String suffix) {
    this.suffix = suffix;
  }

  /**
   * Creates the missing test topics of a Kafka table's {@code topic} option.
   *
   * @return what was created, for the line the CLI prints ("" when every topic was there)
   */
  String prepare(Map<String, String> tableOptions) {
    Properties props = new Properties();
    tableOptions.forEach(
        (key, value) -> {
          if (key.startsWith("properties.")) {
            props.put(key.substring("properties.".length()), value);
          }
        });
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) (TIMEOUT_SECONDS * 1000));
    props.keySet().removeIf(k -> !AdminClientConfig.configNames().contains(k));
    List<String> created = new ArrayList<>();
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      for (String topic : tableOptions.getOrDefault("topic", "").split(";")) {
        String production = topic.trim();
        String test = production + suffix;
        if (production.isEmpty() || existing.contains(test)) {
          continue;
        }
        Optional<Integer> partitions = Optional.empty();
        if (existing.contains(production)) {
          TopicDescription description =
              admin
                  .describeTopics(List.of(production))
                  .allTopicNames()
                  .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                  .get(production);
          partitions = Optional.of(description.partitions().size());
        }
        try {
          admin
              .createTopics(List.of(new NewTopic(test, partitions, Optional.empty())))
              .all()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          created.add(test + partitions.map(p -> " with " + p + " partitions").orElse(""));
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException(
          "Test mode: cannot prepare the test topics of "
              + tableOptions.get("topic")
              + " at "
              + tableOptions.get("properties.bootstrap.servers")
              + ": "
              + (cause instanceof UnknownTopicOrPartitionException
                  ? "the topic is unknown"
                  : cause.getMessage()),
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while preparing test topics", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(
          "Test mode: the Kafka cluster at "
              + tableOptions.get("properties.bootstrap.servers")
              + " did not answer within "
              + TIMEOUT_SECONDS
              + " s while the test topics of "
              + tableOptions.get("topic")
              + " were prepared.",
          e);
    }
    return created.isEmpty() ? "" : " (created " + String.join(", ", created) + ")";
  }
}
