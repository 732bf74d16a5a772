package io.streamkit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamkit.testkit.Kafka;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar users install in Flink's {@code lib/}: {@code target/streamkit-log-appender-<version>-
 * flink.jar}, with its relocated Kafka client, in a class loader of its own next to Log4j2 and
 * SLF4J only (as in Flink's {@code lib/}), configured from a properties file. The job's Kafka
 * connector logs ({@code org.apache.kafka...}) are shipped; the appender's own relocated client's
 * are not. Runs in failsafe's integration-test phase, after {@code package} built the jar.
 */
class StreamkitKafkaFlinkJarITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();

  private static final String RELOCATED = "io.streamkit.logs.shaded.org.apache.kafka.";

  @TempDir Path dir;

  private static URL jarOf(String className) throws Exception {
    return Class.forName(className).getProtectionDomain().getCodeSource().getLocation();
  }

  private static Path flinkJar() {
    String jar = System.getProperty("streamkit.flink.jar");
    assertThat(jar)
        .as("system property streamkit.flink.jar (set by failsafe; run mvn verify)")
        .isNotNull();
    Path path = Path.of(jar);
    assertThat(path).as("the -flink jar, built by mvn package").isRegularFile();
    return path;
  }

  @Test
  void flinkJarShipsTheJobsKafkaLogsAndNotItsOwnRelocatedClients() throws Exception {
    KAFKA.createTopic("logs-flink-jar", 1);
    Path captured = dir.resolve("all.log");
    Path config = dir.resolve("log4j2.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "appender.kafka.type = StreamkitKafka",
            "appender.kafka.name = kafka",
            "appender.kafka.bootstrapServers = " + KAFKA.bootstrapServers(),
            "appender.kafka.topic = logs-flink-jar",
            "appender.kafka.spillDirectory = " + dir.resolve("spill"),
            "appender.captured.type = File",
            "appender.captured.name = captured",
            "appender.captured.fileName = " + captured,
            "appender.captured.layout.type = PatternLayout",
            "appender.captured.layout.pattern = %t|%c|%m%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.kafka.ref = kafka",
            "rootLogger.appenderRef.captured.ref = captured",
            ""));
    URL[] lib = {
      flinkJar().toUri().toURL(),
      jarOf("org.apache.logging.log4j.LogManager"),
      jarOf("org.apache.logging.log4j.core.LoggerContext"),
      jarOf("org.slf4j.LoggerFactory"),
      jarOf("org.apache.logging.slf4j.Log4jLoggerFactory"),
    };
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader flinkLib = new URLClassLoader(lib, ClassLoader.getPlatformClassLoader())) {
      assertThat(flinkLib.loadClass(StreamkitKafkaAppender.class.getName()).getClassLoader())
          .isSameAs(flinkLib);
      Thread.currentThread().setContextClassLoader(flinkLib);
      Class<?> configurator =
          flinkLib.loadClass("org.apache.logging.log4j.core.config.Configurator");
      Class<?> loggerContext = flinkLib.loadClass("org.apache.logging.log4j.core.LoggerContext");
      Method warn =
          flinkLib.loadClass("org.apache.logging.log4j.Logger").getMethod("warn", String.class);
      Object context =
          configurator
              .getMethod("initialize", String.class, ClassLoader.class, String.class)
              .invoke(null, "flink-jar-test", flinkLib, config.toUri().toString());
      // Flink's lib/ is the application class path, the context loader of the threads that start
      // the appender; this test's own Kafka client needs its own loader back.
      Thread.currentThread().setContextClassLoader(previous);
      Method getLogger = loggerContext.getMethod("getLogger", String.class);
      try {
        warn.invoke(getLogger.invoke(context, "io.example.Job"), "hello from the job");
        warn.invoke(
            getLogger.invoke(context, "org.apache.kafka.clients.consumer.KafkaConsumer"),
            "job consumer: commit timed out");
        warn.invoke(
            getLogger.invoke(context, RELOCATED + "clients.NetworkClient"),
            "the appender's own client");
        // The appender's producer logs its config when it starts; once a line is in the topic,
        // it has.
        StreamkitKafkaPluginITCase.awaitEvents(KAFKA, "logs-flink-jar", "io.example.Job");
      } finally {
        configurator.getMethod("shutdown", loggerContext).invoke(null, context);
      }
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }

    List<JsonNode> events =
        StreamkitKafkaPluginITCase.awaitEvents(KAFKA, "logs-flink-jar", "io.example.Job");
    assertThat(events)
        .filteredOn(
            e ->
                e.path("logger").asText().equals("org.apache.kafka.clients.consumer.KafkaConsumer"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.path("message").asText()).isEqualTo("job consumer: commit timed out"));
    assertThat(events).noneMatch(e -> e.path("logger").asText().startsWith(RELOCATED));
    // The relocated client did log through this Log4j2 (the file appender kept it): on its own
    // threads, and the line logged above under its name.
    List<String> all = Files.readAllLines(captured);
    assertThat(all)
        .anyMatch(line -> line.startsWith("streamkit-log-sender|" + RELOCATED))
        .anyMatch(line -> line.contains("|" + RELOCATED + "clients.NetworkClient|"));
  }
}
