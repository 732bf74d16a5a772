package io.streamkit.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Flink 2.2 session cluster of separate JVM processes: a JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}), started as
 * Flink's bin scripts start them, from a Flink home assembled of the jars a Flink distribution's
 * {@code lib/} holds, taken from the local Maven repository ({@code flink-dist} is not served).
 * What crosses JVMs (plugins, jars in {@code lib/}, class loaders, a TaskManager killed) behaves as
 * on a user's cluster, which a MiniCluster cannot show.
 *
 * <p>Add jars to {@code lib/} with {@link #libJar}, plugins with {@link #plugin}, configuration
 * with {@link #with}. Every port is free and on loopback; logs are in {@link #logDir()}. With
 * {@code -Dstreamkit.flink.keep-home=true} the Flink home and its logs stay after the tests.
 */
public final class FlinkStandaloneCluster implements BeforeAllCallback, AfterAllCallback {
  private static final String FLINK = "2.2.0";

  /** What Flink 2.2's distribution puts in lib/: runtime, clients, SQL, formats, logging. */
  static final List<String> LIB =
      List.of(
          "org.apache.flink:flink-annotations:" + FLINK,
          "org.apache.flink:flink-core-api:" + FLINK,
          "org.apache.flink:flink-core:" + FLINK,
          "org.apache.flink:flink-metrics-core:" + FLINK,
          "org.apache.flink:flink-datastream-api:" + FLINK,
          "org.apache.flink:flink-datastream:" + FLINK,
          "org.apache.flink:flink-rpc-core:" + FLINK,
          "org.apache.flink:flink-rpc-akka-loader:" + FLINK,
          "org.apache.flink:flink-runtime:" + FLINK,
          "org.apache.flink:flink-queryable-state-client-java:" + FLINK,
          "org.apache.flink:flink-hadoop-fs:" + FLINK,
          "org.apache.flink:flink-connector-datagen:" + FLINK,
          "org.apache.flink:flink-file-sink-common:" + FLINK,
          "org.apache.flink:flink-streaming-java:" + FLINK,
          "org.apache.flink:flink-clients:" + FLINK,
          "org.apache.flink:flink-table-common:" + FLINK,
          "org.apache.flink:flink-table-api-java:" + FLINK,
          "org.apache.flink:flink-table-api-bridge-base:" + FLINK,
          "org.apache.flink:flink-table-api-java-bridge:" + FLINK,
          "org.apache.flink:flink-table-runtime:" + FLINK,
          "org.apache.flink:flink-table-planner-loader:" + FLINK,
          "org.apache.flink:flink-cep:" + FLINK,
          "org.apache.flink:flink-connector-files:" + FLINK,
          "org.apache.flink:flink-csv:" + FLINK,
          "org.apache.flink:flink-json:" + FLINK,
          "org.apache.flink:flink-shaded-asm-9:9.6-20.0",
          "org.apache.flink:flink-shaded-guava:33.4.0-jre-20.0",
          "org.apache.flink:flink-shaded-jackson:2.18.2-20.0",
          "org.apache.flink:flink-shaded-netty:4.1.100.Final-20.0",
          "org.apache.flink:flink-shaded-zookeeper-3:3.7.2-20.0",
          "com.ibm.icu:icu4j:67.1",
          "commons-io:commons-io:2.15.1",
          "org.apache.commons:commons-lang3:3.18.0",
          "org.apache.commons:commons-text:1.10.0",
          "commons-cli:commons-cli:1.5.0",
          "commons-collections:commons-collections:3.2.2",
          "org.apache.commons:commons-compress:1.26.0",
          "org.apache.commons:commons-math3:3.6.1",
          "org.javassist:javassist:3.24.0-GA",
          "org.xerial.snappy:snappy-java:1.1.10.7",
          "org.lz4:lz4-java:1.8.0",
          "tools.profiler:async-profiler:2.9",
          "org.snakeyaml:snakeyaml-engine:2.6",
          "com.google.code.findbugs:jsr305:1.3.9",
          "com.esotericsoftware:kryo:5.6.2",
          "com.esotericsoftware:reflectasm:1.11.9",
          "org.objenesis:objenesis:3.4",
          "com.esotericsoftware:minlog:1.3.1",
          "org.slf4j:slf4j-api:1.7.36",
          "org.apache.logging.log4j:log4j-api:2.24.3",
          "org.apache.logging.log4j:log4j-core:2.24.3",
          "org.apache.logging.log4j:log4j-slf4j-impl:2.24.3",
          "org.apache.logging.log4j:log4j-1.2-api:2.24.3");

  /** The JVM options Flink's default config.yaml gives every process on Java 17. */
  public static final List<String> JAVA_17_OPTS =
      List.of(
          "-XX:+IgnoreUnrecognizedVMOptions",
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final int taskManagers;
  private final int slots;
  private final Map<String, String> config = new LinkedHashMap<>();
  private final List<Path> libJars = new ArrayList<>();
  private final Map<String, List<Path>> plugins = new LinkedHashMap<>();
  private final List<String> log4jLines = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  private Path home;
  private int restPort;
  private Process jobManager;
  private final List<Process> taskManagerProcesses = new ArrayList<>();

  /** One TaskManager with two slots. */
  public FlinkStandaloneCluster() {
    this(1, 2);
  }

  public FlinkStandaloneCluster(int taskManagers, int slots) {
    this.taskManagers = taskManagers;
    this.slots = slots;
  }

  /** Sets a key of the cluster's conf/config.yaml (before it starts). */
  public FlinkStandaloneCluster with(String key, String value) {
    config.put(key, value);
    return this;
  }

  /** Adds a jar to the cluster's lib/ (before it starts). */
  public FlinkStandaloneCluster libJar(Path jar) {
    libJars.add(jar);
    return this;
  }

  /** Adds a plugin directory plugins/{@code name}/ holding {@code jars} (before it starts). */
  public FlinkStandaloneCluster plugin(String name, Path... jars) {
    plugins.put(name, List.of(jars));
    return this;
  }

  /**
   * Adds lines to the cluster's conf/log4j.properties (before it starts), e.g. an appender and its
   * {@code rootLogger.appenderRef}; every process logs to its file in {@link #logDir()} as well.
   */
  public FlinkStandaloneCluster log4j(String... lines) {
    log4jLines.addAll(List.of(lines));
    return this;
  }

  /** The jars of Flink 2.2's own lib/, as this cluster assembles it from the local repository. */
  public static List<Path> flinkLibJars() {
    return LIB.stream().map(LocalRepository::jar).toList();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  public synchronized void start() throws Exception {
    if (home != null) {
      throw new IllegalStateException("already started in " + home);
    }
    home = Files.createTempDirectory("flink-home-");
    Path lib = Files.createDirectories(home.resolve("lib"));
    for (String gav : LIB) {
      Path jar = LocalRepository.jar(gav);
      Files.createSymbolicLink(lib.resolve(jar.getFileName()), jar);
    }
    for (Path jar : libJars) {
      Files.createSymbolicLink(lib.resolve(jar.getFileName()), jar.toAbsolutePath());
    }
    Path pluginsDir = Files.createDirectories(home.resolve("plugins"));
    for (Map.Entry<String, List<Path>> plugin : plugins.entrySet()) {
      Path dir = Files.createDirectories(pluginsDir.resolve(plugin.getKey()));
      for (Path jar : plugin.getValue()) {
        Files.createSymbolicLink(dir.resolve(jar.getFileName()), jar.toAbsolutePath());
      }
    }
    Files.createDirectories(logDir());
    Path conf = Files.createDirectories(home.resolve("conf"));
    restPort = FreePorts.next();
    Map<String, String> yaml = new LinkedHashMap<>();
    yaml.put("jobmanager.rpc.address", "localhost");
    yaml.put("jobmanager.rpc.port", Integer.toString(FreePorts.next()));
    yaml.put("jobmanager.bind-host", "localhost");
    yaml.put("jobmanager.memory.heap.size", "512m");
    yaml.put("rest.address", "localhost");
    yaml.put("rest.bind-address", "localhost");
    yaml.put("rest.port", Integer.toString(restPort));
    yaml.put("taskmanager.bind-host", "localhost");
    yaml.put("taskmanager.host", "localhost");
    yaml.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));
    yaml.put("taskmanager.cpu.cores", Integer.toString(slots));
    yaml.put("taskmanager.memory.task.heap.size", "256m");
    yaml.put("taskmanager.memory.task.off-heap.size", "0m");
    yaml.put("taskmanager.memory.managed.size", "128m");
    yaml.put("taskmanager.memory.network.min", "64m");
    yaml.put("taskmanager.memory.network.max", "64m");
    yaml.put("high-availability.type", "NONE");
    yaml.put("parallelism.default", "1");
    yaml.putAll(config);
    StringBuilder text = new StringBuilder();
    yaml.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
    Files.writeString(conf.resolve("config.yaml"), text);
    Files.writeString(
        conf.resolve("log4j.properties"),
        String.join(
            "\n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = file",
            "appender.file.type = File",
            "appender.file.name = file",
            "appender.file.fileName = ${sys:log.file}",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
            String.join("\n", log4jLines),
            ""));

    Configuration flinkConf = GlobalConfiguration.loadConfiguration(conf.toString());
    JobManagerProcessSpec jm = JobManagerProcessUtils.processSpecFromConfig(flinkConf);
    jobManager =
        launch(
            "jobmanager",
            JobManagerProcessUtils.generateJvmParametersStr(jm, flinkConf),
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
            JobManagerProcessUtils.generateDynamicConfigsStr(jm));
    for (int i = 0; i < taskManagers; i++) {
      startTaskManager();
    }
    awaitTaskManagers(taskManagers);
  }

  /** Starts one more TaskManager process; returns its index for {@link #killTaskManager}. */
  public synchronized int startTaskManager() throws IOException {
    Configuration flinkConf =
        GlobalConfiguration.loadConfiguration(home.resolve("conf").toString());
    TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(flinkConf);
    int index = taskManagerProcesses.size();
    taskManagerProcesses.add(
        launch(
            "taskmanager-" + index,
            ProcessMemoryUtils.generateJvmParametersStr(tm),
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
            TaskExecutorProcessUtils.generateDynamicConfigsStr(tm)));
    return index;
  }

  /**
   * Kills TaskManager {@code index} with SIGKILL, as a lost machine would; waits until it is dead.
   */
  public synchronized void killTaskManager(int index) throws InterruptedException {
    Process p = taskManagerProcesses.get(index);
    p.destroyForcibly();
    p.waitFor();
  }

  /** Waits until the JobManager's REST API lists {@code count} registered TaskManagers. */
  public void awaitTaskManagers(int count) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      int registered = registeredTaskManagers();
      if (registered == count) {
        return;
      }
      if (!jobManager.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The Flink cluster in "
                + home
                + " has "
                + registered
                + " of "
                + count
                + " TaskManagers after "
                + START_TIMEOUT.toSeconds()
                + " s"
                + (jobManager.isAlive() ? "" : " (the JobManager exited)")
                + "; end of the JobManager's log:\n"
                + tail(logDir().resolve("jobmanager.log"), 40));
      }
      Thread.sleep(250);
    }
  }

  /** TaskManagers the JobManager knows, or -1 while its REST API does not answer. */
  public int registeredTaskManagers() {
    try {
      String body = get("/taskmanagers");
      Matcher m = Pattern.compile("\"id\"\\s*:").matcher(body);
      int n = 0;
      while (m.find()) {
        n++;
      }
      return n;
    } catch (IOException | InterruptedException e) {
      return -1;
    }
  }

  /** GET of a path of the REST API (e.g. {@code /jobs/overview}). */
  public String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(restAddress() + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** {@code http://localhost:<port>}. */
  public String restAddress() {
    return "http://localhost:" + restPort;
  }

  /** {@code localhost:<port>}, as {@code --rest} takes it. */
  public String rest() {
    return "localhost:" + restPort;
  }

  /** The port of the REST API on localhost. */
  public int restPort() {
    return restPort;
  }

  public Path home() {
    return home;
  }

  public Path logDir() {
    return home.resolve("log");
  }

  public synchronized void close() throws Exception {
    for (Process p : taskManagerProcesses) {
      p.destroyForcibly().waitFor();
    }
    taskManagerProcesses.clear();
    if (jobManager != null) {
      jobManager.destroyForcibly().waitFor();
      jobManager = null;
    }
    if (home != null && !Boolean.getBoolean("streamkit.flink.keep-home")) {
      DatabaseServer.deleteRecursively(home);
    }
    home = null;
  }

  private Process launch(String name, String jvmParameters, String main, String dynamicConfigs)
      throws IOException {
    Path tmp = Files.createDirectories(home.resolve("tmp").resolve(name));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(jvmParameters.trim().split("\\s+")));
    command.addAll(JAVA_17_OPTS);
    command.add("-Djava.io.tmpdir=" + tmp);
    command.add("-Dlog.file=" + logDir().resolve(name + ".log"));
    command.add("-Dlog4j.configurationFile=file:" + home.resolve("conf/log4j.properties"));
    command.add("-cp");
    command.add(home.resolve("lib") + "/*");
    command.add(main);
    command.add("--configDir");
    command.add(home.resolve("conf").toString());
    command.add("-D");
    command.add("io.tmp.dirs=" + tmp);
    if (!dynamicConfigs.isBlank()) {
      command.addAll(Arrays.asList(dynamicConfigs.trim().split("\\s+")));
    }
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
    builder.environment().put("FLINK_CONF_DIR", home.resolve("conf").toString());
    builder.environment().put("FLINK_PLUGINS_DIR", home.resolve("plugins").toString());
    builder.environment().put("FLINK_LIB_DIR", home.resolve("lib").toString());
    builder.redirectErrorStream(true);
    builder.redirectOutput(logDir().resolve(name + ".out").toFile());
    return builder.start();
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
