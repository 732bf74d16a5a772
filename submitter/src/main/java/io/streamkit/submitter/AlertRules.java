package io.streamkit.submitter;

import io.streamkit.alerting.Rule;
import io.streamkit.alerting.flink.AlertJob;
import io.streamkit.alerting.flink.AlertingOptions;
import io.streamkit.catalog.AlertRuleStore;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Where applied rules go: the catalog database (the record, for {@code alert list}) and the rules
 * topic (compacted; the running alert job reads it and applies changes at once).
 */
final class AlertRules {
  private final Configuration conf;

  AlertRules(Configuration conf) {
    this.conf = conf;
  }

  AlertRuleStore store() {
    return AlertRuleStore.open(
        Configuration.fromMap(SqlSession.catalogOptions(conf)), AlertRules.class.getClassLoader());
  }

  /** Stores the rules and publishes them to the running job. */
  void apply(List<Rule> rules) throws Exception {
    long now = System.currentTimeMillis();
    try (AlertRuleStore store = store()) {
      store.put(
          rules.stream()
              .map(
                  r ->
                      new AlertRuleStore.StoredRule(
                          r.name(), r.definition(), r.source(), r.enabled(), now))
              .toList());
    }
    publish(
        rules.stream().collect(java.util.stream.Collectors.toMap(Rule::name, Rule::definition)));
  }

  /** Deletes a rule from the database and from the running job; false when unknown. */
  boolean delete(String name) throws Exception {
    boolean known;
    try (AlertRuleStore store = store()) {
      known = store.delete(name);
    }
    if (known) {
      publish(java.util.Collections.singletonMap(name, null));
    }
    return known;
  }

  String topic() {
    return conf.get(AlertingOptions.RULES_TOPIC);
  }

  /** Name to definition (null: a tombstone), written to the rules topic and flushed. */
  private void publish(Map<String, String> changes) throws Exception {
    String bootstrap;
    try {
      bootstrap = AlertJob.bootstrap(conf);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Properties adminProps = new Properties();
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    try (Admin admin = Admin.create(adminProps)) {
      if (!admin.listTopics().names().get(15, TimeUnit.SECONDS).contains(topic())) {
        NewTopic compacted =
            new NewTopic(topic(), 1, (short) -1)
                .configs(
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
          admin.createTopics(Set.of(compacted)).all().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (java.util.concurrent.TimeoutException e) {
      throw new UsageException(
          "Kafka at "
              + bootstrap
              + " did not answer within 15 s; the rules were stored in the"
              + " catalog database but not published to the running job. Apply them again when"
              + " Kafka is reachable.");
    }
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (Map.Entry<String, String> c : changes.entrySet()) {
        producer
            .send(new ProducerRecord<>(topic(), c.getKey(), c.getValue()))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }
}
