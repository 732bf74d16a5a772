package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.FlinkCluster;
import io.streamkit.testkit.KeyStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --target remote} against a cluster whose REST endpoint speaks only TLS: with Flink's own
 * {@code security.ssl.rest.*} options the script runs and the job commands follow it; without them,
 * or without trust in the cluster's certificate, the error names the options to give.
 */
class RestSslITCase {
  private static final Path DIR = directory();
  private static final KeyStores STORES = keyStores();

  @RegisterExtension
  static final FlinkCluster FLINK =
      new FlinkCluster()
          .with("security.ssl.rest.enabled", "true")
          .with("security.ssl.rest.keystore", STORES.keystore().toString())
          .with("security.ssl.rest.keystore-password", KeyStores.PASSWORD)
          .with("security.ssl.rest.key-password", KeyStores.PASSWORD)
          .with("security.ssl.rest.truststore", STORES.truststore().toString())
          .with("security.ssl.rest.truststore-password", KeyStores.PASSWORD);

  @Test
  void sqlRunAndJobCommandsReachATlsOnlyRestEndpoint() throws Exception {
    assertThat(FLINK.restAddress().getScheme()).isEqualTo("https");
    CliRun run = runRemote(tls(STORES.truststore()));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Matcher id = Pattern.compile("Job ID: ([0-9a-f]{32})").matcher(run.out());
    assertThat(id.find()).as(run.toString()).isTrue();
    assertThat(FLINK.miniCluster().getJobStatus(JobID.fromHexString(id.group(1))).get())
        .hasToString("FINISHED");

    CliRun status = cli(tls(STORES.truststore()), "job", "status", "tls_copy");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).contains(id.group(1)).contains("state:         finished");
  }

  @Test
  void withoutTheTlsOptionsTheErrorNamesThem() throws Exception {
    CliRun run = runRemote(List.of());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err())
        .contains("the cluster's REST endpoint uses TLS")
        .contains("security.ssl.rest.enabled=true");
  }

  @Test
  void aCertificateNotTrustedIsAClearError() throws Exception {
    Path otherTrust = KeyStores.create(DIR.resolve("other")).truststore();
    CliRun run = runRemote(tls(otherTrust));
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err())
        .contains("TLS to the Flink cluster at " + FLINK.restHostPort() + " failed")
        .contains("security.ssl.rest.truststore");
  }

  /** {@code sql run --target remote} of the script against the cluster. */
  private static CliRun runRemote(List<String> options) throws Exception {
    return cli(
        options,
        "sql",
        "run",
        "--target",
        "remote",
        "--rest",
        FLINK.restHostPort(),
        script().toString());
  }

  /** Flink's REST TLS options, trusting {@code truststore}. */
  private static List<String> tls(Path truststore) {
    return List.of(
        "-D", "security.ssl.rest.enabled=true",
        "-D", "security.ssl.rest.truststore=" + truststore,
        "-D", "security.ssl.rest.truststore-password=" + KeyStores.PASSWORD);
  }

  private static CliRun cli(List<String> options, String... command) {
    List<String> args = new ArrayList<>(List.of(command[0], command[1]));
    args.add("-D");
    args.add("streamkit.catalog.url=jdbc:h2:file:" + DIR.resolve("catalog").toAbsolutePath());
    args.addAll(options);
    args.addAll(List.of(command).subList(2, command.length));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static Path script() throws Exception {
    return Files.writeString(
        DIR.resolve("tls_copy.sql"),
        String.join(
            "\n",
            "SET 'pipeline.name' = 'tls_copy';",
            "CREATE TEMPORARY TABLE numbers (n BIGINT)",
            "  WITH ('connector' = 'datagen', 'number-of-rows' = '100');",
            "CREATE TEMPORARY TABLE sink (n BIGINT) WITH ('connector' = 'blackhole');",
            "INSERT INTO sink SELECT n FROM numbers;",
            ""));
  }

  private static Path directory() {
    try {
      return Files.createTempDirectory(Path.of("target"), "rest-ssl");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static KeyStores keyStores() {
    try {
      return KeyStores.create(DIR.resolve("tls"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
