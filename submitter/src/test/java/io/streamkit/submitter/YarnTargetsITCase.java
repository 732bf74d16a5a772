package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.FlinkStandaloneCluster;
import io.streamkit.testkit.Kafka;
import io.streamkit.testkit.Yarn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.flink.client.deployment.ClusterSpecification;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.yarn.YarnClusterClientFactory;
import org.apache.flink.yarn.YarnClusterDescriptor;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sql run --target yarn-application} and {@code --target yarn-session} on a real YARN
 * ({@code MiniYARNCluster} over {@code MiniDFSCluster}; the JobManagers and TaskManagers are
 * container JVMs) with a real broker: the application's JobManager runs the script itself, the
 * session gets the job the CLI compiled; each moves 20 records from one topic to another.
 *
 * <p>Without a Flink distribution here, the "dist jar" YARN ships is {@code flink-yarn}'s own jar
 * and the containers' class path is this JVM's ({@code yarn.application.classpath}: the containers
 * run on this machine), where a real installation ships {@code FLINK_HOME}'s lib/.
 */
class YarnTargetsITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();
  @RegisterExtension static final Yarn YARN = new Yarn();

  @TempDir static Path tmp;

  /** What points Flink at this YARN and gives its containers a Java 17 JVM of this size. */
  private static Map<String, String> flinkOnYarn() throws Exception {
    Map<String, String> options = new LinkedHashMap<>(YARN.flinkOptions());
    options.put(
        "yarn.flink-dist-jar",
        Path.of(
                YarnClusterDescriptor.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI())
            .toString());
    options.put("jobmanager.memory.process.size", "1024m");
    options.put("taskmanager.memory.process.size", "1024m");
    options.put("taskmanager.numberOfTaskSlots", "1");
    options.put("parallelism.default", "1");
    options.put("env.java.opts.all", String.join(" ", FlinkStandaloneCluster.JAVA_17_OPTS));
    options.put("containerized.master.env.JAVA_HOME", System.getProperty("java.home"));
    options.put("containerized.taskmanager.env.JAVA_HOME", System.getProperty("java.home"));
    Path log4j = tmp.resolve("log4j.properties");
    Files.writeString(
        log4j,
        String.join(
            "\n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = file",
            "appender.file.type = File",
            "appender.file.name = file",
            "appender.file.fileName = ${sys:log.file}",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = %d %-5p %c - %m%n",
            ""));
    options.put("$internal.yarn.log-config-file", log4j.toString());
    // The CLI and the application's JobManager (another process) share the catalog database.
    options.put(
        "streamkit.catalog.url",
        "jdbc:h2:file:" + tmp.resolve("catalog").toAbsolutePath() + ";AUTO_SERVER=TRUE");
    return options;
  }

  private static List<String> dashD(Map<String, String> options) {
    List<String> args = new ArrayList<>();
    options.forEach((k, v) -> args.addAll(List.of("-D", k + "=" + v)));
    return args;
  }

  private static Path script(String in, String out, boolean bounded) throws Exception {
    return Files.writeString(
        tmp.resolve(in + ".sql"),
        String.join(
            "\n",
            "CREATE TEMPORARY TABLE src (id BIGINT) WITH ('connector' = 'kafka', 'topic' = '"
                + in
                + "', 'properties.bootstrap.servers' = '${bootstrap}', 'scan.startup.mode' ="
                + " 'earliest-offset', "
                + (bounded ? "'scan.bounded.mode' = 'latest-offset', " : "")
                + "'format' = 'json');",
            "CREATE TEMPORARY TABLE dst (id BIGINT) WITH ('connector' = 'kafka', 'topic' = '"
                + out
                + "', 'properties.bootstrap.servers' = '${bootstrap}', 'format' = 'json');",
            "INSERT INTO dst SELECT id + 1000 FROM src;",
            ""));
  }

  private static void produce(String topic) {
    KAFKA.createTopic(topic, 1);
    KAFKA.produce(topic, IntStream.range(0, 20).mapToObj(i -> "{\"id\":" + i + "}").toList());
  }

  private static void awaitValues(String topic, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (KAFKA.consumeValues(topic).size() < count && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    assertThat(KAFKA.consumeValues(topic)).hasSize(count);
  }

  private static void kill(String applicationId) {
    try (YarnClient yarn = YarnClient.createYarnClient()) {
      yarn.init(YARN.configuration());
      yarn.start();
      yarn.killApplication(ApplicationId.fromString(applicationId));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static CliRun jobCommand(String command, String job) throws Exception {
    List<String> args = new ArrayList<>(List.of("job", command, job));
    args.addAll(dashD(flinkOnYarn()));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void anApplicationClusterOnYarnRunsTheScript() throws Exception {
    produce("yarn-app-in");
    KAFKA.createTopic("yarn-app-out", 1);
    List<String> args = new ArrayList<>(List.of("sql", "run", "--target", "yarn-application"));
    args.addAll(dashD(flinkOnYarn()));
    args.addAll(
        List.of(
            "--var",
            "bootstrap=" + KAFKA.bootstrapServers(),
            script("yarn-app-in", "yarn-app-out", false).toString()));

    CliRun run = CliRun.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    Matcher id =
        Pattern.compile(
                "YARN application (application_\\d+_\\d+) runs the script; its Flink web"
                    + " UI: http")
            .matcher(run.out());
    assertThat(id.find()).as(run.toString()).isTrue();
    try {
      awaitValues("yarn-app-out", 20);
      assertThat(KAFKA.consumeValues("yarn-app-out")).contains("{\"id\":1019}");

      // Recorded with the job id the application was given, and managed through YARN.
      Matcher job = Pattern.compile("Job ID: ([0-9a-f]{32})").matcher(run.out());
      assertThat(job.find()).as(run.toString()).isTrue();
      CliRun status = jobCommand("status", "yarn-app-in");
      assertThat(status.out())
          .as(status.toString())
          .contains("state:         running")
          .contains("yarn-application:" + id.group(1))
          .contains(job.group(1));
      CliRun cancel = jobCommand("cancel", "yarn-app-in");
      assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
      assertThat(jobCommand("status", "yarn-app-in").out()).contains("state:         canceled");
    } finally {
      kill(id.group(1));
    }
  }

  @Test
  void aSessionOnYarnGetsTheJobAndTheCliWaitsForIt() throws Exception {
    produce("yarn-session-in");
    KAFKA.createTopic("yarn-session-out", 1);
    // A Flink session on YARN, started as yarn-session.sh does.
    Configuration flink = Configuration.fromMap(flinkOnYarn());
    flink.setString("execution.target", "yarn-session");
    YarnClusterClientFactory factory = new YarnClusterClientFactory();
    String session;
    try (YarnClusterDescriptor descriptor = factory.createClusterDescriptor(flink)) {
      ClusterSpecification spec = factory.getClusterSpecification(flink);
      session = descriptor.deploySessionCluster(spec).getClusterClient().getClusterId().toString();
    }
    try {
      List<String> args = new ArrayList<>(List.of("sql", "run", "--target", "yarn-session"));
      args.addAll(dashD(flinkOnYarn()));
      args.addAll(
          List.of(
              "-D",
              "yarn.application.id=" + session,
              "--var",
              "bootstrap=" + KAFKA.bootstrapServers(),
              script("yarn-session-in", "yarn-session-out", true).toString()));

      CliRun run = CliRun.of(args.toArray(String[]::new));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.out()).containsPattern("Job [0-9a-f]{32} finished in \\d+ ms");
      assertThat(KAFKA.consumeValues("yarn-session-out")).hasSize(20);
      CliRun status = jobCommand("status", "yarn-session-in");
      assertThat(status.out())
          .as(status.toString())
          .contains("state:         finished")
          .contains("yarn-session:" + session);

      // A JAR job to the same session, as 'flink run -t yarn-session' sends one.
      KAFKA.createTopic("yarn-words", 1);
      KAFKA.produce("yarn-words", List.of("alpha", "beta"));
      List<String> jarArgs = new ArrayList<>(List.of("jar", "run", "--target", "yarn-session"));
      jarArgs.addAll(dashD(flinkOnYarn()));
      jarArgs.addAll(
          List.of(
              "-D",
              "yarn.application.id=" + session,
              jobJar().toString(),
              KAFKA.bootstrapServers(),
              "yarn-words",
              "yarn-upper-session"));
      CliRun jar = CliRun.of(jarArgs.toArray(String[]::new));
      assertThat(jar.exitCode()).as(jar.toString()).isZero();
      assertThat(KAFKA.consumeValues("yarn-upper-session"))
          .containsExactlyInAnyOrder("ALPHA", "BETA");
      assertThat(jobCommand("status", "kafka-upper").out())
          .contains("state:         finished")
          .contains("yarn-session:" + session);
    } finally {
      kill(session);
    }
  }

  private static Path jobJar() throws Exception {
    return JobJars.build(
        tmp.resolve("kafka-upper.jar"),
        io.streamkit.submitter.jarjob.KafkaUpperJob.class.getName(),
        List.of());
  }

  @Test
  void aJarsMainRunsOnTheJobManagerOfAYarnApplication() throws Exception {
    KAFKA.createTopic("yarn-app-words", 1);
    KAFKA.produce("yarn-app-words", List.of("gamma", "delta"));
    List<String> args = new ArrayList<>(List.of("jar", "run", "--target", "yarn-application"));
    args.addAll(dashD(flinkOnYarn()));
    args.addAll(
        List.of(jobJar().toString(), KAFKA.bootstrapServers(), "yarn-app-words", "yarn-upper-app"));

    CliRun run = CliRun.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    Matcher id =
        Pattern.compile(
                "YARN application (application_\\d+_\\d+) runs "
                    + "io.streamkit.submitter.jarjob.KafkaUpperJob")
            .matcher(run.out());
    assertThat(id.find()).as(run.toString()).isTrue();
    try {
      awaitValues("yarn-upper-app", 2);
      assertThat(KAFKA.consumeValues("yarn-upper-app")).containsExactlyInAnyOrder("GAMMA", "DELTA");
    } finally {
      kill(id.group(1));
    }
  }

  @Test
  void badYarnInputIsOneLine() throws Exception {
    List<String> noSession = new ArrayList<>(List.of("sql", "run", "--target", "yarn-session"));
    noSession.addAll(List.of("-D", "streamkit.catalog.enabled=false", "--var", "bootstrap=x:1"));
    noSession.add(script("a", "b", true).toString());
    CliRun run = CliRun.of(noSession.toArray(String[]::new));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--target yarn-session needs -D yarn.application.id=");

    List<String> noQueue = new ArrayList<>(List.of("sql", "run", "--target", "yarn-application"));
    noQueue.addAll(dashD(flinkOnYarn()));
    noQueue.addAll(
        List.of(
            "-D",
            "yarn.application.queue=nightly",
            "--var",
            "bootstrap=" + KAFKA.bootstrapServers(),
            script("a", "b", true).toString()));
    CliRun queue = CliRun.of(noQueue.toArray(String[]::new));
    assertThat(queue.exitCode()).as(queue.toString()).isEqualTo(1);
    assertThat(queue.err())
        .contains("YARN has no queue 'nightly' (queues: default). Check yarn.application.queue.");

    CliRun unknown = CliRun.of("sql", "run", "--target", "yarn", script("a", "b", true).toString());
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains(
            "'yarn' is not a target: local, remote, cluster, yarn-application, yarn-session or");
  }
}
