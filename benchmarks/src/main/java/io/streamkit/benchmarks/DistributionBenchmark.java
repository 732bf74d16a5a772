package io.streamkit.benchmarks;

import io.streamkit.testkit.FlinkStandaloneCluster;
import io.streamkit.testkit.Kafka;
import io.streamkit.testkit.LocalRepository;
import io.streamkit.testkit.MariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The distribution as an operator meets it. Sizes: each jar of {@code lib/flink/} and {@code
 * plugins/} against the engine's own uber jars a user would add instead ({@code
 * flink-sql-connector-kafka}, the JDBC connector and its drivers). Time: from {@code tar xzf} of
 * the tarball to the first result of the demo's pipeline (Kafka, a lookup join on MariaDB, Kafka;
 * latency tracking on) on a fresh multi-process Flink cluster with the tarball's jars installed,
 * submitted with the tarball's {@code bin/streamkit sql run --target remote}; Kafka and MariaDB are
 * the user's, running already. Each round starts from nothing but the tarball.
 *
 * <p>Arguments: [tarball] [rounds]; the tarball defaults to {@code
 * dist/target/streamkit-0.1.0-SNAPSHOT-bin.tar.gz} (build it with {@code mvn -B install
 * -DskipTests}).
 */
public final class DistributionBenchmark {
  private static final List<String> REFERENCE =
      List.of(
          "org.apache.flink:flink-sql-connector-kafka:5.0.0-2.2",
          "org.apache.flink:flink-connector-jdbc-core:4.0.0-2.0",
          "org.apache.flink:flink-connector-jdbc-postgres:4.0.0-2.0",
          "org.mariadb.jdbc:mariadb-java-client:4.0.0",
          "org.postgresql:postgresql:42.7.14");

  private record Timing(double unpackS, double clusterS, double submitS, double firstResultS) {
    double totalS() {
      return unpackS + clusterS + submitS + firstResultS;
    }
  }

  private DistributionBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path tarball =
        Path.of(args.length > 0 ? args[0] : "dist/target/streamkit-0.1.0-SNAPSHOT-bin.tar.gz");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    if (!Files.isRegularFile(tarball)) {
      throw new IllegalArgumentException(
          tarball + " does not exist: build it with mvn -B install -DskipTests");
    }
    Path work = Files.createTempDirectory("dist-bench-");
    sizes(unpack(tarball, work.resolve("sizes")));

    Kafka kafka = new Kafka();
    MariaDb mariadb = new MariaDb();
    try {
      kafka.start();
      mariadb.start();
      mariadb.createDatabase("dims");
      mariadb.execute(
          "dims",
          "CREATE TABLE dim_app (system_id VARCHAR(16) PRIMARY KEY, app_name VARCHAR(64))",
          "INSERT INTO dim_app VALUES ('2', 'cdo'), ('2007', 'browser'), ('1000', 'market')");
      List<String> events = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        events.add(
            "{\"event_id\":" + i + ",\"system_id\":\"" + (i % 2 == 0 ? "2" : "2007") + "\"}");
      }
      kafka.createTopic("sdk_log", 1);
      kafka.produce("sdk_log", events);

      Map<String, Rounds.Trial<Timing>> trials = new LinkedHashMap<>();
      trials.put(
          "tar xzf to first result",
          round -> firstResult(tarball, work.resolve("round-" + round), kafka, mariadb, round));
      List<Timing> results = Rounds.interleaved(rounds, trials).get("tar xzf to first result");
      System.out.printf(
          "%nTime from tar xzf to the first result, %d rounds after a warm-up"
              + " (min / median / max, seconds):%n",
          rounds);
      System.out.printf(
          "  unpack            %s%n", Rounds.spread(results, Timing::unpackS, "%6.2f"));
      System.out.printf(
          "  cluster start     %s%n", Rounds.spread(results, Timing::clusterS, "%6.2f"));
      System.out.printf(
          "  bin/streamkit     %s%n", Rounds.spread(results, Timing::submitS, "%6.2f"));
      System.out.printf(
          "  to first result   %s%n", Rounds.spread(results, Timing::firstResultS, "%6.2f"));
      System.out.printf(
          "  total             %s%n", Rounds.spread(results, Timing::totalS, "%6.2f"));
    } finally {
      mariadb.close();
      kafka.close();
    }
  }

  private static void sizes(Path home) throws Exception {
    System.out.println("Jars an operator adds to Flink (bytes):");
    long ours = 0;
    List<Path> jars = new ArrayList<>(jars(home.resolve("lib/flink")));
    jars.addAll(jars(home.resolve("plugins/streamkit-metrics-kafka")));
    long libFlink = 0;
    for (Path jar : jars) {
      long size = Files.size(jar);
      System.out.printf("  %-58s %,12d%n", home.relativize(jar), size);
      ours += size;
      if (jar.startsWith(home.resolve("lib/flink"))) {
        libFlink += size;
      }
    }
    System.out.printf("  %-58s %,12d%n", "lib/flink/ in all", libFlink);
    System.out.printf("  %-58s %,12d%n", "lib/flink/ and plugins/ in all", ours);
    long reference = 0;
    System.out.println("The engine's own jars a user adds for Kafka tables and JDBC lookups:");
    for (String gav : REFERENCE) {
      long size = Files.size(LocalRepository.jar(gav));
      System.out.printf("  %-58s %,12d%n", gav, size);
      reference += size;
    }
    System.out.printf("  %-58s %,12d%n", "in all", reference);
    System.out.printf(
        "lib/flink/ / reference = %.2f; lib/flink/ and plugins/ / reference = %.2f%n",
        (double) libFlink / reference, (double) ours / reference);
  }

  private static Timing firstResult(Path tarball, Path dir, Kafka kafka, MariaDb mariadb, int round)
      throws Exception {
    Files.createDirectories(dir);
    String sink = "enriched_" + round;
    kafka.createTopic(sink, 1);
    mariadb.createDatabase("catalog_" + round);
    long t0 = System.nanoTime();
    Path home = unpack(tarball, dir);
    long t1 = System.nanoTime();
    FlinkStandaloneCluster flink = new FlinkStandaloneCluster(1, 2);
    for (Path jar : jars(home.resolve("lib/flink"))) {
      flink.libJar(jar);
    }
    for (Path jar : jars(home.resolve("lib/cli"))) {
      String name = jar.getFileName().toString();
      if (name.startsWith("flink-connector-kafka-") || name.startsWith("kafka-clients-")) {
        flink.libJar(jar);
      }
    }
    flink
        .plugin(
            "streamkit-metrics-kafka",
            jars(home.resolve("plugins/streamkit-metrics-kafka")).toArray(Path[]::new))
        .with(
            "metrics.reporter.kafka.factory.class",
            "io.streamkit.metrics.kafka.KafkaReporterFactory")
        .with("metrics.reporter.kafka.bootstrap.servers", kafka.bootstrapServers());
    try {
      flink.start();
      long t2 = System.nanoTime();
      Path script = Files.writeString(dir.resolve("etl.sql"), script(kafka, mariadb, sink));
      ProcessBuilder cli =
          new ProcessBuilder(
                  home.resolve("bin/streamkit").toString(),
                  "sql",
                  "run",
                  "--target",
                  "remote",
                  "--rest",
                  flink.rest(),
                  "--detached",
                  "-D",
                  "streamkit.catalog.url=" + mariadb.jdbcUrl("catalog_" + round),
                  "-D",
                  "streamkit.catalog.username=root",
                  script.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("cli.log").toFile());
      cli.environment().put("JAVA_HOME", System.getProperty("java.home"));
      cli.environment().put("HOME", dir.toString());
      int exit = cli.start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException(
            "bin/streamkit failed: " + Files.readString(dir.resolve("cli.log")));
      }
      long t3 = System.nanoTime();
      awaitFirstRecord(kafka, sink);
      long t4 = System.nanoTime();
      Timing timing = new Timing(s(t1 - t0), s(t2 - t1), s(t3 - t2), s(t4 - t3));
      System.out.printf(
          "round %d: unpack %.2f s, cluster %.2f s, bin/streamkit %.2f s, first result %.2f s,"
              + " total %.2f s%n",
          round,
          timing.unpackS(),
          timing.clusterS(),
          timing.submitS(),
          timing.firstResultS(),
          timing.totalS());
      return timing;
    } finally {
      flink.close();
    }
  }

  private static String script(Kafka kafka, MariaDb mariadb, String sink) {
    String kafkaOptions =
        "'connector' = 'kafka', 'properties.bootstrap.servers' = '"
            + kafka.bootstrapServers()
            + "', 'format' = 'json'";
    return String.join(
        "\n",
        "SET 'pipeline.name' = 'bench-" + sink + "';",
        "SET 'streamkit.latency.enabled' = 'true';",
        "CREATE TABLE sdk_log (event_id BIGINT, system_id STRING, pt AS PROCTIME())",
        "WITH ("
            + kafkaOptions
            + ", 'topic' = 'sdk_log', 'scan.startup.mode' = 'earliest-offset');",
        "CREATE TABLE dim_app (system_id STRING, app_name STRING)",
        "WITH ('connector' = 'streamkit-jdbc', 'url' = '" + mariadb.jdbcUrl("dims") + "',",
        "'username' = 'root', 'table-name' = 'dim_app', 'lookup.cache' = 'ALL');",
        "CREATE TABLE " + sink + " (event_id BIGINT, app_name STRING)",
        "WITH (" + kafkaOptions + ", 'topic' = '" + sink + "');",
        "INSERT INTO " + sink + " SELECT l.event_id, a.app_name FROM sdk_log AS l",
        "JOIN dim_app FOR SYSTEM_TIME AS OF l.pt AS a ON l.system_id = a.system_id;",
        "");
  }

  private static void awaitFirstRecord(Kafka kafka, String topic) {
    Properties props = kafka.clientProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (consumer.poll(Duration.ofMillis(20)).isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no result in " + topic + " after 3 minutes");
        }
      }
    }
  }

  private static Path unpack(Path tarball, Path dir) throws Exception {
    Files.createDirectories(dir);
    Process tar =
        new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", dir.toString())
            .inheritIO()
            .start();
    if (tar.waitFor() != 0) {
      throw new IllegalStateException("tar xzf " + tarball + " failed");
    }
    try (Stream<Path> top = Files.list(dir)) {
      return top.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  private static List<Path> jars(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
  }

  private static double s(long nanos) {
    return nanos / 1e9;
  }
}
