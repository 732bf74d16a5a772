package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.Kafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SASL/PLAIN cluster attached with its credentials: schemas inferred through them, reads and
 * writes with no DDL, and the password in no output the user sees; a wrong password refused when
 * attaching.
 */
class KafkaTablesSaslITCase {
  private static final String PASSWORD = "s3cret-Pa55";

  @RegisterExtension static final Kafka KAFKA = Kafka.withSaslPlain("flink", PASSWORD);

  @TempDir Path dir;

  private CliRun cli(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "-D";
    all[args.length + 1] =
        "streamkit.catalog.url=jdbc:h2:file:" + dir.resolve("catalog").toAbsolutePath();
    return CliRun.of(all);
  }

  private CliRun sql(String script) throws Exception {
    Path file = Files.writeString(dir.resolve(UUID.randomUUID() + ".sql"), script);
    return cli("sql", "run", file.toString());
  }

  private CliRun attach(String name, String password) {
    return cli(
        "kafka",
        "attach",
        name,
        "--bootstrap",
        KAFKA.bootstrapServers(),
        "--property",
        "security.protocol=SASL_PLAINTEXT",
        "--property",
        "sasl.mechanism=PLAIN",
        "--property",
        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"flink\" password=\""
            + password
            + "\";",
        "--property",
        "scan.bounded.mode=latest-offset");
  }

  @Test
  void aSaslClusterIsReadAndWrittenWithoutDdlAndItsPasswordIsNeverShown() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 6);
    String orders = "orders_" + id;
    KAFKA.createTopic(orders, 2);
    KAFKA.produce(
        orders, List.of("{\"order_id\":1,\"total\":9.5}", "{\"order_id\":2,\"total\":3}"));

    CliRun attached = attach("secure", PASSWORD);
    assertThat(attached.exitCode()).as(attached.toString()).isZero();

    CliRun read = sql("SELECT order_id, total FROM secure." + orders + " WHERE total > 5;\n");
    assertThat(read.exitCode()).as(read.toString()).isZero();
    assertThat(read.out()).containsPattern("\\| +1 \\| +9.5 \\|");
    CliRun written = sql("INSERT INTO secure." + orders + " (order_id, total) VALUES (3, 1.25);\n");
    assertThat(written.exitCode()).as(written.toString()).isZero();
    assertThat(KAFKA.consumeValues(orders))
        .anySatisfy(v -> assertThat(v).contains("\"order_id\":3"));

    CliRun shown = sql("SHOW CREATE TABLE secure." + orders + ";\nSHOW TABLES IN secure;\n");
    assertThat(shown.exitCode()).as(shown.toString()).isZero();
    assertThat(shown.out())
        .contains("schema version 1 (inferred from 2 messages)")
        .contains("'properties.sasl.jaas.config' = '******'")
        .contains(orders);
    for (CliRun run : List.of(attached, read, written, shown)) {
      assertThat(run.out() + run.err()).doesNotContain(PASSWORD);
    }

    CliRun wrong = attach("intruder", "not-the-password");
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err())
        .contains(
            "Cannot list the topics of Kafka database intruder at " + KAFKA.bootstrapServers())
        .doesNotContain("not-the-password");
  }
}
