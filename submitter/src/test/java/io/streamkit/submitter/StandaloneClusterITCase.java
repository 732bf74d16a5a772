package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.FlinkStandaloneCluster;
import io.streamkit.testkit.Kafka;
import io.streamkit.testkit.LocalRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sql run --target remote} against a real Flink cluster of separate processes (JobManager,
 * TaskManager), with streamkit's Kafka metric reporter installed as users install it: its plugin
 * jar in {@code plugins/}, configured in the cluster's config.yaml, loaded by Flink's plugin class
 * loader in the TaskManager's own JVM.
 */
class StandaloneClusterITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();

  private static FlinkStandaloneCluster flink;

  @BeforeAll
  static void startTheCluster() throws Exception {
    flink =
        new FlinkStandaloneCluster(1, 2)
            .plugin(
                "streamkit-metrics-kafka",
                LocalRepository.jar("io.streamkit:streamkit-metric-reporter:0.1.0-SNAPSHOT:plugin"))
            .with(
                "metrics.reporter.kafka.factory.class",
                "io.streamkit.metrics.kafka.KafkaReporterFactory")
            .with("metrics.reporter.kafka.interval", "1 s")
            .with("metrics.reporter.kafka.topic", "standalone-metrics")
            .with("metrics.reporter.kafka.bootstrap.servers", KAFKA.bootstrapServers());
    flink.start();
  }

  @AfterAll
  static void stopTheCluster() throws Exception {
    if (flink != null) {
      flink.close();
    }
  }

  @TempDir Path dir;

  @Test
  void aSqlJobRunsOnTheClustersTaskManagerAndThePluginReporterShipsItsMetrics() throws Exception {
    Path script =
        Files.writeString(
            dir.resolve("job.sql"),
            String.join(
                "\n",
                "SET 'pipeline.name' = 'standalone-job';",
                "CREATE TEMPORARY TABLE gen (id BIGINT) WITH ('connector' = 'datagen',"
                    + " 'number-of-rows' = '200000', 'rows-per-second' = '50000');",
                "CREATE TEMPORARY TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');",
                "INSERT INTO sink SELECT id FROM gen;",
                ""));
    CliRun run =
        CliRun.of(
            "sql",
            "run",
            "--target",
            "remote",
            "--rest",
            flink.rest(),
            "-D",
            "streamkit.catalog.url=jdbc:h2:file:" + dir.resolve("catalog").toAbsolutePath(),
            script.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(flink.get("/jobs/overview"))
        .contains("\"name\":\"standalone-job\"")
        .contains("FINISHED");

    // The TaskManager process loaded the reporter from plugins/ and reported the job's tasks.
    List<String> events = KAFKA.consumeValues("standalone-metrics");
    assertThat(events)
        .anySatisfy(e -> assertThat(e).contains("\"job_name\":\"standalone-job\""))
        .anySatisfy(e -> assertThat(e).contains("\"tm_id\""));
  }
}
