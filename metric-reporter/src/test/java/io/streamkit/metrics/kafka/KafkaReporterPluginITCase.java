package io.streamkit.metrics.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamkit.testkit.Kafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.core.plugin.PluginManager;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.metrics.MetricRegistryConfiguration;
import org.apache.flink.runtime.metrics.MetricRegistryImpl;
import org.apache.flink.runtime.metrics.ReporterSetup;
import org.apache.flink.runtime.metrics.ReporterSetupBuilder;
import org.apache.flink.runtime.metrics.filter.DefaultReporterFilters;
import org.apache.flink.runtime.metrics.util.MetricUtils;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar users install: {@code target/streamkit-metric-reporter-<version>-plugin.jar} in a plugins
 * directory, found by Flink's plugin manager and loaded in its own plugin class loader, set up from
 * {@code metrics.reporter.*} the way a TaskManager does it, reporting a TaskManager's own metrics
 * to a real broker. Runs in failsafe's integration-test phase, after {@code package} built the jar.
 */
class KafkaReporterPluginITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path plugins;

  private static Path pluginJar() {
    String jar = System.getProperty("streamkit.plugin.jar");
    assertThat(jar)
        .as("system property streamkit.plugin.jar (set by failsafe; run mvn verify)")
        .isNotNull();
    Path path = Path.of(jar);
    assertThat(path).as("the plugin jar, built by mvn package").isRegularFile();
    return path;
  }

  @Test
  void reporterFromThePluginJarSendsTaskManagerMetricsToKafka() throws Exception {
    KAFKA.createTopic("metrics-plugin", 1);
    Path dir = Files.createDirectories(plugins.resolve("streamkit-metrics-kafka"));
    Files.copy(pluginJar(), dir.resolve("streamkit-metric-reporter-plugin.jar"));

    Configuration conf = new Configuration();
    conf.setString("metrics.reporter.kafka.factory.class", KafkaReporterFactory.class.getName());
    conf.setString("metrics.reporter.kafka.interval", "200 ms");
    conf.setString("metrics.reporter.kafka.bootstrap.servers", KAFKA.bootstrapServers());
    conf.setString("metrics.reporter.kafka.topic", "metrics-plugin");
    conf.setString("metrics.reporter.kafka.preset", "all");
    // What PluginUtils.createPluginManagerFromRootFolder does, with this plugins directory.
    PluginManager pluginManager =
        new DefaultPluginManager(
            new DirectoryBasedPluginFinder(plugins).findPlugins(),
            CoreOptions.getPluginParentFirstLoaderPatterns(conf));
    List<ReporterSetup> setups =
        ReporterSetupBuilder.METRIC_SETUP_BUILDER.fromConfiguration(
            conf, DefaultReporterFilters::metricsFromConfiguration, pluginManager);
    assertThat(setups).hasSize(1);

    // The reporter comes from the plugin jar, in a class loader that sees the relocated Kafka
    // client and not the one on this test's class path.
    MetricReporter reporter = setups.get(0).getReporter();
    ClassLoader pluginLoader = reporter.getClass().getClassLoader();
    assertThat(reporter.getClass().getName()).isEqualTo(KafkaReporter.class.getName());
    assertThat(pluginLoader).isNotSameAs(KafkaReporter.class.getClassLoader());
    assertThat(reporter.getClass().getProtectionDomain().getCodeSource().getLocation().getPath())
        .endsWith("streamkit-metric-reporter-plugin.jar");
    assertThat(
            pluginLoader.loadClass(
                "io.streamkit.metrics.kafka.shaded.org.apache.kafka.clients.producer.KafkaProducer"))
        .isNotNull();
    assertThatThrownBy(
            () -> pluginLoader.loadClass("org.apache.kafka.clients.producer.KafkaProducer"))
        .isInstanceOf(ClassNotFoundException.class);

    MetricRegistryImpl registry =
        new MetricRegistryImpl(
            MetricRegistryConfiguration.fromConfiguration(conf, Long.MAX_VALUE), setups);
    try {
      MetricUtils.instantiateTaskManagerMetricGroup(
          registry, "tm-host", new ResourceID("tm-plugin"), Optional.empty());

      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      List<ConsumerRecord<String, String>> records = List.of();
      JsonNode heap = null;
      JsonNode drops = null;
      String dropsKey = null;
      while (heap == null || drops == null) {
        assertThat(System.nanoTime()).as("events in metrics-plugin").isLessThan(deadline);
        Thread.sleep(200);
        records = KAFKA.consumeAll("metrics-plugin");
        for (ConsumerRecord<String, String> record : records) {
          JsonNode event = JSON.readTree(record.value());
          String scope = event.path("scope").asText();
          if (scope.endsWith(".Status.JVM.Memory.Heap.Used")) {
            heap = event;
          } else if (event.path("name").asText().equals(KafkaReporter.DROPPED_METRIC)) {
            drops = event;
            dropsKey = record.key();
          }
        }
      }
      assertThat(heap.path("schema").asInt()).isEqualTo(1);
      assertThat(heap.path("value").asLong()).isPositive();
      assertThat(heap.path("tags").path("tm_id").asText()).isEqualTo("tm-plugin");
      assertThat(heap.path("tags").path("host").asText()).isEqualTo("tm-host");
      assertThat(dropsKey).isEqualTo("tm-plugin");
      assertThat(drops.path("tags").path("component").asText()).isEqualTo("taskmanager");
      assertThat(drops.path("value").asLong()).isZero();
      List<String> names = new ArrayList<>();
      for (ConsumerRecord<String, String> record : records) {
        names.add(JSON.readTree(record.value()).path("name").asText());
      }
      assertThat(names).contains("Used", "Max", "Count"); // heap, heap max, GC or class counts
    } finally {
      registry.closeAsync().get();
    }
  }
}
