package io.streamkit.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamkit.testkit.FlinkStandaloneCluster;
import io.streamkit.testkit.Kafka;
import io.streamkit.testkit.MariaDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution installed into a real Flink cluster of separate JVMs as its docs say: the jars
 * of {@code lib/flink/} (and the Kafka connector of {@code lib/cli/}) in Flink's {@code lib/}, the
 * reporter's directory in {@code plugins/}, the log appender in {@code conf/log4j.properties}. Then
 * the demo's pipeline (Kafka, a lookup join on MariaDB, Kafka; latency tracking on; the catalog on
 * MariaDB) runs on it through the tarball's {@code bin/streamkit sql run --target remote}, and
 * through a plain Flink program whose class path is that {@code lib/} alone; a user's jar bundling
 * other versions of Kafka's client and Jackson runs beside streamkit's jars.
 */
class FlinkClusterDistributionITCase {
  @RegisterExtension static final Kafka KAFKA = new Kafka();
  @RegisterExtension static final MariaDb MARIADB = new MariaDb();

  private static final int EVENTS = 1_000;
  private static final Map<String, String> APPS =
      Map.of("2", "cdo", "1000", "market", "2007", "browser", "3001", "music");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path unpacked;
  @TempDir static Path pathDir;
  @TempDir Path dir;
  private static Path home;
  private static FlinkStandaloneCluster flink;

  @BeforeAll
  static void installTheDistributionIntoAFlinkCluster() throws Exception {
    home = UnpackedDistribution.unpack(unpacked);
    UnpackedDistribution.javaAndShellOnly(pathDir);

    MARIADB.createDatabase("dims");
    List<String> dims = new ArrayList<>();
    dims.add("CREATE TABLE dim_app (system_id VARCHAR(16) PRIMARY KEY, app_name VARCHAR(64))");
    APPS.forEach((id, app) -> dims.add("INSERT INTO dim_app VALUES ('" + id + "', '" + app + "')"));
    MARIADB.execute("dims", dims.toArray(String[]::new));

    List<String> ids = List.copyOf(APPS.keySet());
    List<String> events = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (int i = 0; i < EVENTS; i++) {
      events.add(
          "{\"event_id\":"
              + i
              + ",\"system_id\":\""
              + ids.get(i % ids.size())
              + "\",\"event_time\":"
              + (now + i)
              + "}");
    }
    KAFKA.createTopic("sdk_log", 2);
    KAFKA.produce("sdk_log", events);

    flink = new FlinkStandaloneCluster(1, 4);
    for (Path jar : UnpackedDistribution.jars(home.resolve("lib/flink"))) {
      flink.libJar(jar);
    }
    // The Kafka connector bin/streamkit plans with, as docs/distribution.md says.
    flink.libJar(UnpackedDistribution.jar(home.resolve("lib/cli"), "flink-connector-kafka-"));
    flink.libJar(UnpackedDistribution.jar(home.resolve("lib/cli"), "kafka-clients-"));
    flink
        .plugin(
            "streamkit-metrics-kafka",
            UnpackedDistribution.jars(home.resolve("plugins/streamkit-metrics-kafka"))
                .toArray(Path[]::new))
        .with(
            "metrics.reporter.kafka.factory.class",
            "io.streamkit.metrics.kafka.KafkaReporterFactory")
        .with("metrics.reporter.kafka.interval", "1 s")
        .with("metrics.reporter.kafka.topic", "flink-metrics")
        .with("metrics.reporter.kafka.bootstrap.servers", KAFKA.bootstrapServers())
        // As docs/log-appender.md says to configure it for a session cluster.
        .log4j(
            "appender.kafka.type = StreamkitKafka",
            "appender.kafka.name = kafka",
            "appender.kafka.bootstrapServers = " + KAFKA.bootstrapServers(),
            "appender.kafka.topic = flink-logs",
            "rootLogger.appenderRef.kafka.ref = kafka");
    flink.start();
  }

  @AfterAll
  static void stopTheCluster() throws Exception {
    if (flink != null) {
      flink.close();
    }
  }

  @Test
  void theDemoPipelineRunsOnTheClusterThroughTheTarballsCli() throws Exception {
    MARIADB.createDatabase("catalog_cli");
    Path script =
        Files.writeString(
            dir.resolve("etl.sql"),
            String.join(
                "\n",
                "SET 'pipeline.name' = 'dist-etl';",
                "SET 'streamkit.latency.enabled' = 'true';",
                "SET 'streamkit.latency.sample-rate' = '1';",
                "CREATE DATABASE IF NOT EXISTS dw;",
                tables("dw.", "sdk_log_enriched"),
                "CREATE TEMPORARY VIEW sdk_log_timed AS SELECT *, PROCTIME() AS pt FROM"
                    + " dw.sdk_log;",
                "INSERT INTO dw.sdk_log_enriched",
                "SELECT l.event_id, l.system_id, a.app_name, l.event_time FROM sdk_log_timed AS l",
                "JOIN dw.dim_app FOR SYSTEM_TIME AS OF l.pt AS a ON l.system_id = a.system_id;",
                ""));

    UnpackedDistribution.Run run = sqlRun(flink, "catalog_cli", script);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertEnriched("sdk_log_enriched");
    assertThat(catalogObjects("catalog_cli", "dw"))
        .contains("sdk_log", "dim_app", "sdk_log_enriched");
    String jobId = jobId("dist-etl");

    // The reporter, loaded by the plugin class loader, shipped the job's metrics, among them the
    // latency sketches of the tracking wrappers, whose classes came from lib/.
    List<String> metrics = KAFKA.consumeValues("flink-metrics");
    assertThat(metrics)
        .anySatisfy(e -> assertThat(e).contains("\"job_name\":\"dist-etl\""))
        .anySatisfy(e -> assertThat(e).contains("latencySketch"));

    // The appender in the cluster's log4j.properties shipped the JobManager's and the
    // TaskManager's lines about the job, tagged with its id.
    Set<String> loggers = awaitJobLogLoggers(jobId, true);
    assertThat(loggers)
        .as(logSummary())
        .anyMatch(FlinkClusterDistributionITCase::isTaskManagerLogger);
    assertThat(loggers)
        .as(logSummary())
        .anyMatch(FlinkClusterDistributionITCase::isJobManagerLogger);
  }

  @Test
  void aPlainFlinkProgramWithOnlyTheClustersLibOnItsClassPathUsesTheCatalogAndTheLookup()
      throws Exception {
    MARIADB.createDatabase("catalog_lib");
    Path script =
        Files.writeString(
            dir.resolve("lib-only.sql"),
            String.join(
                "\n",
                "CREATE CATALOG sk WITH ('type' = 'streamkit', 'url' = '"
                    + MARIADB.jdbcUrl("catalog_lib")
                    + "', 'username' = 'root');",
                "USE CATALOG sk;",
                tables("", "enriched_lib"),
                "CREATE TEMPORARY VIEW sdk_log_timed AS SELECT *, PROCTIME() AS pt FROM sdk_log;",
                "INSERT INTO enriched_lib",
                "SELECT l.event_id, l.system_id, a.app_name, l.event_time FROM sdk_log_timed AS l",
                "JOIN dim_app FOR SYSTEM_TIME AS OF l.pt AS a ON l.system_id = a.system_id;",
                ""));
    // The program's class alone, beside Flink's lib/: nothing of the test's class path.
    Path classes = dir.resolve("program");
    Path programClass = Path.of("io", "streamkit", "dist", "LibOnlySqlProgram.class");
    Files.createDirectories(classes.resolve(programClass).getParent());
    Files.copy(testClasses().resolve(programClass), classes.resolve(programClass));

    Process program =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "-cp",
                classes + ":" + flink.home().resolve("lib") + "/*",
                LibOnlySqlProgram.class.getName(),
                "localhost",
                Integer.toString(flink.restPort()),
                script.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("program.log").toFile())
            .start();
    assertThat(program.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String output = Files.readString(dir.resolve("program.log"));
    assertThat(program.exitValue()).as(output).isZero();
    assertThat(output).contains("finished job");

    assertEnriched("enriched_lib");
    assertThat(catalogObjects("catalog_lib", "default"))
        .contains("sdk_log", "dim_app", "enriched_lib");
  }

  @Test
  void aUserJarBundlingOtherKafkaAndJacksonVersionsRunsBesideStreamkitsJars() throws Exception {
    Path jar = userJar();
    Configuration conf = new Configuration();
    conf.set(RestOptions.ADDRESS, "localhost");
    conf.set(RestOptions.PORT, flink.restPort());
    PackagedProgram program =
        PackagedProgram.newBuilder()
            .setJarFile(jar.toFile())
            .setArguments(KAFKA.bootstrapServers(), "user-jar-out")
            .setConfiguration(conf)
            .build();
    JobGraph graph = PackagedProgramUtils.createJobGraph(program, conf, 1, false);
    JobID jobId;
    try (RestClusterClient<StandaloneClusterId> client =
        new RestClusterClient<>(conf, StandaloneClusterId.getInstance())) {
      jobId = client.submitJob(graph).get(1, TimeUnit.MINUTES);
      client
          .requestJobResult(jobId)
          .get(2, TimeUnit.MINUTES)
          .toJobExecutionResult(getClass().getClassLoader());
    }

    List<JsonNode> out = new ArrayList<>();
    for (String value : KAFKA.consumeValues("user-jar-out")) {
      out.add(JSON.readTree(value));
    }
    assertThat(out).hasSize(3);
    assertThat(out)
        .allSatisfy(
            r -> {
              assertThat(r.get("kafka").asText()).isEqualTo("3.9.1");
              assertThat(r.get("jackson").asText()).isEqualTo("2.17.2");
            });
    // Meanwhile streamkit's appender, in the same TaskManager JVM, shipped the job's lines.
    assertThat(awaitJobLogLoggers(jobId.toHexString(), false))
        .as(logSummary())
        .anyMatch(FlinkClusterDistributionITCase::isTaskManagerLogger);
  }

  @Test
  void aClusterWithoutTheLookupJarAndWithTheSqlKafkaJarIsToldWhatToChangeBeforeAnySubmission()
      throws Exception {
    FlinkStandaloneCluster bare = new FlinkStandaloneCluster(0, 1);
    for (Path jar : UnpackedDistribution.jars(home.resolve("lib/flink"))) {
      if (!jar.getFileName().toString().startsWith("streamkit-dimension-join-")) {
        bare.libJar(jar);
      }
    }
    bare.libJar(UnpackedDistribution.clusterTestJar("flink-sql-connector-kafka-"));
    try {
      bare.start();
      MARIADB.createDatabase("catalog_bare");
      Path script =
          Files.writeString(
              dir.resolve("bare.sql"),
              String.join(
                  "\n",
                  tables("", "enriched_bare"),
                  "CREATE TEMPORARY VIEW sdk_log_timed AS SELECT *, PROCTIME() AS pt FROM"
                      + " sdk_log;",
                  "INSERT INTO enriched_bare SELECT l.event_id, l.system_id, a.app_name,"
                      + " l.event_time FROM sdk_log_timed AS l JOIN dim_app FOR SYSTEM_TIME AS OF"
                      + " l.pt AS a ON l.system_id = a.system_id;",
                  ""));

      UnpackedDistribution.Run run = sqlRun(bare, "catalog_bare", script);

      assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
      assertThat(run.output())
          .contains("The Flink cluster at " + bare.rest() + " cannot run this job")
          .contains("nothing was submitted")
          .contains(
              "Its lib/ has no streamkit-dimension-join jar, which holds"
                  + " io.streamkit.dimension.")
          .contains("lib/flink/streamkit-dimension-join-<version>-flink.jar")
          .contains("Its lib/ holds flink-sql-connector-kafka-5.0.0-2.2.jar")
          .doesNotContain("InvalidClassException");
      assertThat(JSON.readTree(bare.get("/jobs/overview")).get("jobs")).isEmpty();
    } finally {
      bare.close();
    }
  }

  /**
   * Issue 18: a DataStream job in a thin jar (a lookup join through {@code JdbcLookupJoin}, the
   * Kafka connector, both from the cluster's lib/) through the tarball's {@code bin/streamkit jar
   * run --target remote}: every event enriched, the job recorded, its metrics through the plugin
   * reporter under the jar's name, its own log lines from the TaskManager tagged with its id.
   */
  @Test
  void aJarJobThroughTheTarballsCliGetsThePlatformsWiring() throws Exception {
    MARIADB.createDatabase("catalog_jar");
    Path jar = dir.resolve("lookup-jar-job.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LookupJarJob.class.getName());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      Path classes = testClasses();
      try (Stream<Path> files = Files.list(classes.resolve("io/streamkit/dist"))) {
        for (Path f :
            files.filter(f -> f.getFileName().toString().startsWith("LookupJarJob")).toList()) {
          out.putNextEntry(new JarEntry(classes.relativize(f).toString()));
          Files.copy(f, out);
          out.closeEntry();
        }
      }
    }

    UnpackedDistribution.Run run =
        UnpackedDistribution.run(
            pathDir,
            unpacked,
            home.resolve("bin/streamkit").toString(),
            "jar",
            "run",
            "--target",
            "remote",
            "--rest",
            flink.rest(),
            "-D",
            "streamkit.catalog.url=" + MARIADB.jdbcUrl("catalog_jar"),
            "-D",
            "streamkit.catalog.username=root",
            jar.toString(),
            "--",
            KAFKA.bootstrapServers(),
            "sdk_log",
            "enriched_jar",
            MARIADB.jdbcUrl("dims"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertEnriched("enriched_jar");
    java.util.regex.Matcher id =
        java.util.regex.Pattern.compile("Job ID: ([0-9a-f]{32})").matcher(run.output());
    assertThat(id.find()).as(run.output()).isTrue();
    assertThat(
            UnpackedDistribution.run(
                    pathDir,
                    unpacked,
                    home.resolve("bin/streamkit").toString(),
                    "job",
                    "status",
                    "lookup-jar-job",
                    "-D",
                    "streamkit.catalog.url=" + MARIADB.jdbcUrl("catalog_jar"),
                    "-D",
                    "streamkit.catalog.username=root")
                .output())
        .contains("state:         finished")
        .contains(id.group(1));
    assertThat(KAFKA.consumeValues("flink-metrics"))
        .anySatisfy(e -> assertThat(e).contains("\"job_name\":\"lookup-jar-job\""));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Set<String> loggers = awaitJobLogLoggers(id.group(1), false);
    while (!loggers.contains(LookupJarJob.class.getName()) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      loggers = awaitJobLogLoggers(id.group(1), false);
    }
    assertThat(loggers).as(logSummary()).contains(LookupJarJob.class.getName());
  }

  /**
   * The tarball's {@code bin/streamkit sql run --target remote} of {@code script} on {@code
   * cluster}, its catalog in MariaDB database {@code catalogDb}, with Java and the shell only.
   */
  private static UnpackedDistribution.Run sqlRun(
      FlinkStandaloneCluster cluster, String catalogDb, Path script) throws Exception {
    return UnpackedDistribution.run(
        pathDir,
        unpacked,
        home.resolve("bin/streamkit").toString(),
        "sql",
        "run",
        "--target",
        "remote",
        "--rest",
        cluster.rest(),
        "-D",
        "streamkit.catalog.url=" + MARIADB.jdbcUrl(catalogDb),
        "-D",
        "streamkit.catalog.username=root",
        script.toString());
  }

  /** The source, dimension and sink tables of the pipeline; {@code db} prefixes each name. */
  private static String tables(String db, String sink) {
    String kafka =
        "'connector' = 'kafka', 'properties.bootstrap.servers' = '"
            + KAFKA.bootstrapServers()
            + "', 'format' = 'json'";
    return String.join(
        "\n",
        "CREATE TABLE " + db + "sdk_log (event_id BIGINT, system_id STRING, event_time BIGINT)",
        "WITH (" + kafka + ", 'topic' = 'sdk_log', 'properties.group.id' = '" + sink + "',",
        "'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset');",
        "CREATE TABLE " + db + "dim_app (system_id STRING, app_name STRING)",
        "WITH ('connector' = 'streamkit-jdbc', 'url' = '" + MARIADB.jdbcUrl("dims") + "',",
        "'username' = 'root', 'table-name' = 'dim_app', 'lookup.cache' = 'ALL');",
        "CREATE TABLE "
            + db
            + sink
            + " (event_id BIGINT, system_id STRING, app_name STRING, event_time BIGINT)",
        "WITH (" + kafka + ", 'topic' = '" + sink + "');");
  }

  private static void assertEnriched(String topic) throws IOException {
    List<String> values = KAFKA.consumeValues(topic);
    assertThat(values).hasSize(EVENTS);
    Set<Long> ids = new HashSet<>();
    for (String value : values) {
      JsonNode row = JSON.readTree(value);
      assertThat(row.get("app_name").asText())
          .as(value)
          .isEqualTo(APPS.get(row.get("system_id").asText()));
      ids.add(row.get("event_id").asLong());
    }
    assertThat(ids).hasSize(EVENTS);
  }

  private static List<String> catalogObjects(String catalogDb, String db) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = MARIADB.connect(catalogDb);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT object_name FROM sk_object WHERE db_name = '" + db + "'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static String jobId(String name) throws Exception {
    for (JsonNode job : JSON.readTree(flink.get("/jobs/overview")).get("jobs")) {
      if (name.equals(job.get("name").asText())) {
        return job.get("jid").asText();
      }
    }
    throw new AssertionError("no job " + name + " in " + flink.get("/jobs/overview"));
  }

  /**
   * The loggers of the lines in flink-logs tagged with {@code jobId}, once there are lines of the
   * TaskManager's {@code Task} (and, with {@code jobManagerToo}, of the JobManager's scheduler) or
   * 60 s have passed.
   */
  private static Set<String> awaitJobLogLoggers(String jobId, boolean jobManagerToo)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Set<String> found = new HashSet<>();
    while (!(found.stream().anyMatch(FlinkClusterDistributionITCase::isTaskManagerLogger)
            && (!jobManagerToo
                || found.stream().anyMatch(FlinkClusterDistributionITCase::isJobManagerLogger)))
        && System.nanoTime() < deadline) {
      found.clear();
      for (String value : KAFKA.consumeValues("flink-logs")) {
        JsonNode line = JSON.readTree(value);
        JsonNode mdc = line.get("mdc");
        if (mdc != null && jobId.equals(mdc.path("flink-job-id").asText())) {
          found.add(line.get("logger").asText());
        }
      }
      Thread.sleep(500);
    }
    return found;
  }

  private static boolean isTaskManagerLogger(String logger) {
    return logger.startsWith("org.apache.flink.runtime.taskmanager.");
  }

  private static boolean isJobManagerLogger(String logger) {
    return logger.matches(
        "org\\.apache\\.flink\\.runtime\\.(jobmaster|executiongraph|scheduler)\\..*");
  }

  /** Lines in flink-logs per logger and MDC keys, for a failure's message. */
  private static String logSummary() {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    try {
      List<String> all = KAFKA.consumeValues("flink-logs");
      for (String value : all) {
        JsonNode line = JSON.readTree(value);
        List<String> keys = new ArrayList<>();
        line.path("mdc").fieldNames().forEachRemaining(keys::add);
        counts.merge(line.get("logger").asText() + " mdc=" + keys, 1, Integer::sum);
      }
    } catch (IOException | RuntimeException e) {
      return "flink-logs unreadable: " + e;
    }
    return "flink-logs holds " + counts;
  }

  private static Path testClasses() throws Exception {
    return Path.of(
        FlinkClusterDistributionITCase.class
            .getProtectionDomain()
            .getCodeSource()
            .getLocation()
            .toURI());
  }

  /**
   * The user's fat jar: {@link OtherVersionsJob} with Kafka's client 3.9.1 and Jackson 2.17.2
   * inside, unrelocated, as a job built without care for the cluster's class path would be.
   */
  private Path userJar() throws Exception {
    Path jar = dir.resolve("user-job.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, OtherVersionsJob.class.getName());
    Set<String> written = new HashSet<>();
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      Path classes = testClasses();
      try (Stream<Path> files = Files.list(classes.resolve("io/streamkit/dist"))) {
        for (Path f :
            files.filter(f -> f.getFileName().toString().startsWith("OtherVersionsJob")).toList()) {
          String name = classes.relativize(f).toString();
          out.putNextEntry(new JarEntry(name));
          Files.copy(f, out);
          out.closeEntry();
        }
      }
      for (String bundled :
          List.of("kafka-clients-", "jackson-databind-", "jackson-core-", "jackson-annotations-")) {
        copyEntries(UnpackedDistribution.clusterTestJar(bundled), out, written);
      }
    }
    return jar;
  }

  private static void copyEntries(Path from, JarOutputStream out, Set<String> written)
      throws IOException {
    try (JarFile in = new JarFile(from.toFile())) {
      for (JarEntry e : (Iterable<JarEntry>) in.stream()::iterator) {
        String name = e.getName();
        if (e.isDirectory()
            || name.startsWith("META-INF/")
            || name.endsWith("module-info.class")
            || !written.add(name)) {
          continue;
        }
        out.putNextEntry(new JarEntry(name));
        try (var input = in.getInputStream(e)) {
          input.transferTo(out);
        }
        out.closeEntry();
      }
    }
  }
}
