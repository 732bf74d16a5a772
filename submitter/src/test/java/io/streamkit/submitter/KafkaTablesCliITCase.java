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
 * Kafka topics as tables without DDL, as a user gets them: {@code kafka attach}, then scripts that
 * list, describe, read and write the topics; a schema registered from OStream's table form; an
 * unreachable cluster refused naming its servers; the cluster's credentials masked where shown.
 */
class KafkaTablesCliITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();

  @TempDir Path dir;

  private String[] session() {
    return new String[] {
      "-D", "streamkit.catalog.url=jdbc:h2:file:" + dir.resolve("catalog").toAbsolutePath()
    };
  }

  private CliRun cli(List<String> command, String... more) {
    String[] session = session();
    String[] all = java.util.Arrays.copyOf(session, session.length + more.length);
    System.arraycopy(more, 0, all, session.length, more.length);
    return CliRun.of(CliRun.args(command, all));
  }

  private CliRun sql(String script) throws Exception {
    Path file = Files.writeString(dir.resolve(UUID.randomUUID() + ".sql"), script);
    return cli(List.of("sql", "run"), file.toString());
  }

  @Test
  void topicsAreTablesWithoutDdlRawOrWithARegisteredSchema() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 6);
    String events = "events_" + id;
    String raw = "raw_" + id;
    KAFKA.createTopic(events, 1);
    KAFKA.createTopic(raw, 1);
    KAFKA.produce(
        events,
        List.of(
            "{\"user_id\":\"u1\",\"amount\":2.5}",
            "{\"user_id\":\"u2\",\"amount\":4.0,\"extra\":1}"));
    KAFKA.produce(raw, List.of("hello"));

    CliRun attach =
        cli(
            List.of("kafka", "attach", "ks"),
            "--bootstrap",
            KAFKA.bootstrapServers(),
            "--property",
            "scan.bounded.mode=latest-offset",
            "--property",
            "ssl.truststore.password=hunter2");
    assertThat(attach.exitCode()).as(attach.toString()).isZero();
    assertThat(attach.out()).contains("Attached ks (" + KAFKA.bootstrapServers() + ")");

    CliRun listed = sql("SHOW TABLES IN ks;\n");
    assertThat(listed.exitCode()).as(listed.toString()).isZero();
    assertThat(listed.out()).contains(events, raw).doesNotContain("__consumer_offsets");

    // A topic without a schema: raw key and value, the record time, no DDL anywhere.
    CliRun read =
        sql(
            "SELECT CAST(`value` AS STRING) AS v, event_time IS NOT NULL AS timed FROM ks."
                + raw
                + ";\n");
    assertThat(read.exitCode()).as(read.toString()).isZero();
    assertThat(read.out()).containsPattern("\\| +hello \\| +TRUE \\|");
    CliRun shown = sql("SHOW CREATE TABLE ks." + raw + ";\n");
    assertThat(shown.out())
        .contains("'properties.ssl.truststore.password' = '******'")
        .doesNotContain("hunter2")
        .contains("WATERMARK FOR `event_time`");

    // A registered schema, from lines of: name type 'description'.
    Path schema =
        Files.writeString(
            dir.resolve("events.schema"),
            "# OStream's table form\nuser_id STRING 'who paid'\namount DOUBLE 'how much'\n");
    CliRun registered =
        cli(List.of("table", "register", "ks." + events), "--schema", schema.toString());
    assertThat(registered.exitCode()).as(registered.toString()).isZero();
    assertThat(registered.out()).contains("schema version 1");
    CliRun typed = sql("SELECT user_id, amount * 2 AS doubled FROM ks." + events + ";\n");
    assertThat(typed.exitCode()).as(typed.toString()).isZero();
    assertThat(typed.out())
        .containsPattern("\\| +u1 \\| +5.0 \\|")
        .containsPattern("\\| +u2 \\| +8.0 \\|");

    // Writing needs no DDL either; the connector gets the cluster's options.
    CliRun written = sql("INSERT INTO ks." + events + " (user_id, amount) VALUES ('u3', 1.0);\n");
    assertThat(written.exitCode()).as(written.toString()).isZero();
    assertThat(KAFKA.consumeValues(events)).anySatisfy(v -> assertThat(v).contains("\"u3\""));

    // Registering again is a new version.
    CliRun again = cli(List.of("table", "register", "ks." + events), "--schema", schema.toString());
    assertThat(again.out()).contains("schema version 2");
  }

  @Test
  void badInputIsRefusedWithWhatIsWrong() throws Exception {
    long start = System.nanoTime();
    CliRun unreachable = cli(List.of("kafka", "attach", "nowhere"), "--bootstrap", "127.0.0.1:1");
    assertThat(unreachable.exitCode()).isEqualTo(1);
    assertThat(unreachable.err())
        .contains("Cannot list the topics of Kafka database nowhere at 127.0.0.1:1");
    assertThat(System.nanoTime() - start).as("bounded").isLessThan(30_000_000_000L);

    CliRun attach = cli(List.of("kafka", "attach", "kb"), "--bootstrap", KAFKA.bootstrapServers());
    assertThat(attach.exitCode()).as(attach.toString()).isZero();
    Path schema = Files.writeString(dir.resolve("bad.schema"), "user_id STRNG\n\namount\n");
    CliRun bad = cli(List.of("table", "register", "kb.t"), "--schema", schema.toString());
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err())
        .contains(schema + ":1: column user_id: unknown type STRNG")
        .contains(schema + ":3: expected: name type 'description'")
        .contains("Nothing registered.");
    CliRun missing = sql("SELECT * FROM kb.no_such_topic;\n");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.err()).contains("no_such_topic");

    // A schema registered ahead of its topic: writing is refused until the catalog may create it.
    String fresh = "fresh_" + UUID.randomUUID().toString().substring(0, 6);
    Path good = Files.writeString(dir.resolve("good.schema"), "id BIGINT 'the id'\n");
    CliRun registered =
        cli(List.of("table", "register", "kb." + fresh), "--schema", good.toString());
    assertThat(registered.exitCode()).as(registered.toString()).isZero();
    String insert = "INSERT INTO kb." + fresh + " (id) VALUES (7);\n";
    CliRun refused = sql(insert);
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err())
        .contains("Topic " + fresh + " does not exist in the cluster of kb")
        .contains("ALTER DATABASE kb SET ('create-topics' = 'true')");
    CliRun allowed = sql("ALTER DATABASE kb SET ('create-topics' = 'true');\n");
    assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
    CliRun created = sql(insert);
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(KAFKA.consumeValues(fresh)).containsExactly("{\"id\":7}");
  }

  @Test
  void aJsonTopicIsTypedWithoutDdlAndEvolvesWhileAnOlderJobKeepsRunning() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 6);
    String clicks = "clicks_" + id;
    String copy = "copy_" + id;
    KAFKA.createTopic(clicks, 1);
    KAFKA.createTopic(copy, 1);
    KAFKA.produce(
        clicks,
        List.of(
            "{\"id\":1,\"user\":{\"name\":\"ann\"},\"amount\":2.5}",
            "{\"id\":2,\"user\":{\"name\":\"bob\"},\"amount\":4}"));
    KAFKA.produce(copy, List.of("{\"id\":0,\"amount\":0.0}"));
    CliRun attach = cli(List.of("kafka", "attach", "kc"), "--bootstrap", KAFKA.bootstrapServers());
    assertThat(attach.exitCode()).as(attach.toString()).isZero();

    // No DDL, no registration: the first read infers the schema and stores it as version 1.
    CliRun typed =
        sql(
            "SELECT id, `user`.name AS who, amount * 2 AS doubled FROM kc."
                + clicks
                + " /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */;\n");
    assertThat(typed.exitCode()).as(typed.toString()).isZero();
    assertThat(typed.out())
        .containsPattern("\\| +1 \\| +ann \\| +5.0 \\|")
        .containsPattern("\\| +2 \\| +bob \\| +8.0 \\|");
    CliRun described = sql("DESCRIBE kc." + clicks + ";\n");
    assertThat(described.out()).contains("record timestamp; schema version 1");
    CliRun shown = sql("SHOW CREATE TABLE kc." + clicks + ";\n");
    assertThat(shown.out())
        .contains("schema version 1 (inferred from 2 messages)")
        .contains("`amount` DOUBLE NOT NULL");

    // A job planned on version 1 runs until offset 3 (the record produced after the refresh).
    Path script =
        Files.writeString(
            dir.resolve("copy.sql"),
            "INSERT INTO kc."
                + copy
                + " (id, amount) SELECT id, amount FROM kc."
                + clicks
                + " /*+ OPTIONS('scan.bounded.mode' = 'specific-offsets',"
                + " 'scan.bounded.specific-offsets' = 'partition:0,offset:3') */;\n");
    java.util.concurrent.CompletableFuture<CliRun> older =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> cli(List.of("sql", "run"), script.toString()));
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (KAFKA.consumeValues(copy).size() < 3) {
      assertThat(older).as("the older job runs").isNotDone();
      assertThat(System.nanoTime())
          .as("the older job copied the first records")
          .isLessThan(deadline);
      Thread.sleep(200);
    }

    KAFKA.produce(
        clicks, List.of("{\"id\":3,\"user\":{\"name\":\"cy\"},\"amount\":1,\"country\":\"NZ\"}"));
    CliRun refreshed = cli(List.of("table", "refresh", "kc." + clicks));
    assertThat(refreshed.exitCode()).as(refreshed.toString()).isZero();
    assertThat(refreshed.out())
        .contains("Refreshed kc." + clicks + " from 3 messages: schema version 2.")
        .contains("added country STRING");

    CliRun olderDone = older.get(90, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(olderDone.exitCode()).as(olderDone.toString()).isZero();
    assertThat(KAFKA.consumeValues(copy))
        .hasSize(4)
        .anySatisfy(v -> assertThat(v).contains("\"id\":3"));
    CliRun newer =
        sql(
            "SELECT id, country FROM kc."
                + clicks
                + " /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */ WHERE country IS NOT"
                + " NULL;\n");
    assertThat(newer.exitCode()).as(newer.toString()).isZero();
    assertThat(newer.out()).containsPattern("\\| +3 \\| +NZ \\|");

    // A value that does not fit its column: reported with both types, the schema unchanged.
    KAFKA.produce(clicks, List.of("{\"id\":\"x-4\",\"user\":{\"name\":\"d\"},\"amount\":1}"));
    CliRun conflict = cli(List.of("table", "refresh", "kc." + clicks));
    assertThat(conflict.exitCode()).isEqualTo(1);
    assertThat(conflict.out()).contains("schema version 2 stays");
    assertThat(conflict.err())
        .contains("id: stored as BIGINT NOT NULL, but recent messages have STRING NOT NULL");
  }
}
