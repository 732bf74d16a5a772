package io.streamkit.submitter;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The CLI's own keys in {@code conf/streamkit.yaml} (or {@code -D}). Every other key is a Flink key
 * and goes to Flink unchanged.
 */
public final class StreamkitOptions {
  private StreamkitOptions() {}

  /** Keys under this prefix configure the streamkit catalog, e.g. {@code streamkit.catalog.url}. */
  public static final String CATALOG_PREFIX = "streamkit.catalog.";

  public static final ConfigOption<Boolean> CATALOG_ENABLED =
      ConfigOptions.key("streamkit.catalog.enabled")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Register the streamkit catalog and make it the current catalog of every session.");

  public static final ConfigOption<String> CATALOG_NAME =
      ConfigOptions.key("streamkit.catalog.name")
          .stringType()
          .defaultValue("streamkit")
          .withDescription("Name under which the streamkit catalog is registered.");

  public static final ConfigOption<Boolean> VALIDATE_BEFORE_RUN =
      ConfigOptions.key("streamkit.sql.validate-before-run")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Validate the whole script before running any statement of it, so a broken"
                  + " statement 7 does not leave statements 1-6 half applied.");

  public static final ConfigOption<java.time.Duration> REST_PROBE_TIMEOUT =
      ConfigOptions.key("streamkit.remote.probe-timeout")
          .durationType()
          .defaultValue(java.time.Duration.ofSeconds(5))
          .withDescription(
              "How long 'sql run --target remote' waits for the cluster's REST endpoint to answer"
                  + " before giving up, and how long the job commands wait for each cluster's"
                  + " list of jobs before showing its runs as last seen.");

  public static final ConfigOption<String> CLUSTER_NAME =
      ConfigOptions.key("streamkit.cluster-name")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "The cluster tag (STREAMKIT_CLUSTER) of submitted jobs. Unset, it is 'local' for"
                  + " local runs and the REST address for remote ones.");

  public static final ConfigOption<Boolean> RESTART_ON_FAILURE =
      ConfigOptions.key("streamkit.job.restart-on-failure")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Recorded with each job 'sql run' submits: 'bin/streamkit job watch' restarts the"
                  + " job when it fails, from its latest retained checkpoint or savepoint (the job"
                  + " needs 'execution.checkpointing.externalized-checkpoint-retention'"
                  + " RETAIN_ON_CANCELLATION for its checkpoints to outlive it).");

  public static final ConfigOption<Boolean> TEST_SINKS_ENABLED =
      ConfigOptions.key("streamkit.test-sinks.enabled")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Test mode ('sql run --test-sinks' sets it): every INSERT writes to a test copy of its"
                  + " target, Kafka sources read as a consumer group of their own and commit no"
                  + " offsets, and job names end with the test suffix.");

  public static final ConfigOption<String> TEST_SINKS_SUFFIX =
      ConfigOptions.key("streamkit.test-sinks.suffix")
          .stringType()
          .defaultValue("_test")
          .withDescription(
              "Appended in test mode to Kafka sink topics, consumer groups, transactional id"
                  + " prefixes and job names.");

  public static final ConfigOption<String> TEST_SINKS_JDBC_URL =
      ConfigOptions.key("streamkit.test-sinks.jdbc.url")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "The test database JDBC sinks ('connector' = 'jdbc') write to in test mode, with the"
                  + " same table names; a test run with a JDBC sink fails without it.");

  public static final ConfigOption<String> TEST_SINKS_JDBC_USERNAME =
      ConfigOptions.key("streamkit.test-sinks.jdbc.username")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "User for the test database; unset, the sink table's own 'username' is used.");

  public static final ConfigOption<String> TEST_SINKS_JDBC_PASSWORD =
      ConfigOptions.key("streamkit.test-sinks.jdbc.password")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Password for the test database; unset, the sink table's own 'password' is used.");

  public static final ConfigOption<String> TEST_SINKS_CONNECTOR =
      ConfigOptions.key("streamkit.test-sinks.connector")
          .stringType()
          .defaultValue("print")
          .withDescription(
              "The connector that sinks other than Kafka and JDBC write to in test mode (their"
                  + " own options are dropped); 'print' writes each row to the standard output of"
                  + " the task, prefixed with the table's name.");

  public static final ConfigOption<java.util.Map<String, String>> TEST_SINKS_CONNECTOR_OPTIONS =
      ConfigOptions.key("streamkit.test-sinks.connector-options")
          .mapType()
          .defaultValue(java.util.Map.of())
          .withDescription(
              "Options of the 'streamkit.test-sinks.connector' tables, e.g."
                  + " 'path:/tmp/test-out,format:json' for 'filesystem'.");
}
