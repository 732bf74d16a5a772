package io.streamkit.submitter;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import java.util.zip.ZipException;
import org.apache.flink.client.ClientUtils;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.ProgramInvocationException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.DefaultExecutorServiceLoader;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code streamkit jar run|validate}: DataStream (and any) JAR jobs, as {@code flink run}. */
@Command(
    name = "jar",
    mixinStandardHelpOptions = true,
    description = "Run or check a JAR job (its main builds the job), with the platform's wiring.",
    subcommands = {JarCommand.Run.class, JarCommand.Validate.class})
final class JarCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** What run and validate share: the jar, its main class, its arguments. */
  abstract static class JarAction implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin SessionOptions session;

    @Parameters(index = "0", paramLabel = "FILE.jar", description = "The job's jar.")
    Path jar;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments of main (after --).")
    List<String> args = new ArrayList<>();

    @Option(names = "--class", paramLabel = "MAIN", description = "Main class (default: manifest).")
    String mainClass;

    @Option(names = "--parallelism", paramLabel = "N", description = "Default parallelism.")
    Integer parallelism;

    /** The arguments of main: everything after the jar, but a leading {@code --}. */
    List<String> mainArgs() {
      return !args.isEmpty() && args.get(0).equals("--") ? args.subList(1, args.size()) : args;
    }

    /** The jar as Flink packages it; fails with one clear line on a broken jar or main class. */
    PackagedProgram program(Configuration conf) {
      if (!Files.isRegularFile(jar)) {
        throw new UsageException("JAR file " + jar + " does not exist.");
      }
      try (JarFile file = new JarFile(jar.toFile())) {
        if (mainClass == null
            && (file.getManifest() == null
                || file.getManifest().getMainAttributes().getValue("Main-Class") == null)) {
          throw new IllegalArgumentException(
              jar + " names no main class (no Main-Class in its manifest): give --class MAIN.");
        }
        if (mainClass != null && file.getEntry(mainClass.replace('.', '/') + ".class") == null) {
          throw new IllegalArgumentException("Main class " + mainClass + " is not in " + jar + ".");
        }
      } catch (ZipException e) {
        throw new IllegalArgumentException(jar + " is not a jar: " + e.getMessage());
      } catch (IOException e) {
        throw new IllegalArgumentException("Cannot read " + jar + ": " + e.getMessage());
      }
      if (parallelism != null) {
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
      }
      try {
        return PackagedProgram.newBuilder()
            .setJarFile(jar.toFile())
            .setEntryPointClassName(mainClass)
            .setArguments(mainArgs().toArray(String[]::new))
            .setConfiguration(conf)
            .setSavepointRestoreSettings(SavepointRestoreSettings.fromConfiguration(conf))
            .build();
      } catch (ProgramInvocationException e) {
        throw new IllegalArgumentException(Diagnostic.describe(e), e);
      }
    }

    /** Flink's own classes inside the jar: they clash with the cluster's across class loaders. */
    List<String> bundledFlinkPackages() throws IOException {
      Map<String, Integer> packages = new LinkedHashMap<>();
      try (JarFile file = new JarFile(jar.toFile())) {
        file.stream()
            .map(e -> e.getName())
            .filter(n -> n.startsWith("org/apache/flink/") && n.endsWith(".class"))
            .filter(n -> !n.startsWith("org/apache/flink/connector/") && !n.contains("/shaded/"))
            .forEach(n -> packages.merge(n.substring(0, n.lastIndexOf('/')), 1, Integer::sum));
      }
      return packages.keySet().stream().limit(5).toList();
    }
  }

  @Command(
      name = "run",
      description = {
        "Run a JAR job as 'flink run' does (Flink's program packaging, user-code class loader),"
            + " with the platform's wiring: job tags for the log appender, the reporter and latency"
            + " settings of streamkit.yaml, its lineage in the catalog, automatic alert rules, a"
            + " job record (bin/streamkit job ...).",
        "Exit code: 0 when the job was submitted (and, unless detached, finished), 1 otherwise, 2"
            + " on bad usage."
      })
  static final class Run extends JarAction {
    @Mixin JobTarget target;

    @Override
    public Integer call() throws Exception {
      Configuration conf = session.configuration();
      target.configure(
          conf,
          java.util.EnumSet.of(JobTarget.Target.YARN_SESSION, JobTarget.Target.YARN_APPLICATION),
          "local, remote, yarn-session or yarn-application");
      boolean local = target.local();
      JobTagging tagging =
          JobTagging.apply(conf, JobTagging.tags(conf, jar, target.clusterName(conf)), local);
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<String> listeners =
          new ArrayList<>(conf.getOptional(DeploymentOptions.JOB_LISTENERS).orElse(List.of()));
      listeners.add(JarJobListener.class.getName());
      conf.set(DeploymentOptions.JOB_LISTENERS, listeners);
      JobTarget.addJars(conf, List.of(jar));
      if (target.applicationCluster()) {
        return onYarn(conf, out, err);
      }
      if (conf.get(StreamkitOptions.CATALOG_ENABLED)) {
        SqlSession.recordLineage(conf); // sources and sinks into the catalog, as for SQL jobs
      }
      AutoAlertRules autoRules = new AutoAlertRules();

      JobRecorder recorder =
          conf.get(StreamkitOptions.CATALOG_ENABLED)
              ? new JobRecorder(
                  conf,
                  jar,
                  new ObjectMapper()
                      .writeValueAsString(
                          Map.of(
                              "jar",
                              jar.toAbsolutePath().toString(),
                              "class",
                              mainClass == null ? "" : mainClass,
                              "args",
                              mainArgs())),
                  session.properties(),
                  Map.of(),
                  target.clusterName(conf),
                  err)
              : null;
      String statement =
          "JAR "
              + jar
              + (mainClass == null ? "" : " --class " + mainClass)
              + " "
              + String.join(" ", mainArgs());
      Map<String, String> runIds = new LinkedHashMap<>(); // Flink job id -> run id (recorded)
      List<String> submitted = new java.util.concurrent.CopyOnWriteArrayList<>();
      JarJobListener.onSubmitted =
          id -> {
            submitted.add(id);
            tagging.submitted(id);
            out.println("Job ID: " + id);
            out.flush();
            String rules = autoRules.submitted(tagging.jobName(), conf);
            if (rules != null) {
              err.println(rules);
              err.flush();
            }
            if (recorder != null) {
              runIds.put(id, recorder.submitted(tagging.jobName(), id, statement));
            }
          };
      JarJobListener.onExecuted =
          (id, error) -> {
            // Detached, Flink reports a job "executed" as soon as it is submitted.
            if (recorder != null && id != null && !target.detached) {
              recorder.ended(
                  runIds.get(id),
                  tagging.jobName(),
                  error == null,
                  error == null ? null : Diagnostic.describe(error));
            }
          };
      try (PackagedProgram program = program(conf)) {
        if (conf.contains(StateRecoveryOptions.SAVEPOINT_PATH)) {
          // The plan, built once more without submitting, against the savepoint first.
          try {
            SavepointCheck.check(
                PackagedProgramUtils.getPipelineFromProgram(
                    program,
                    conf,
                    conf.getOptional(CoreOptions.DEFAULT_PARALLELISM).orElse(1),
                    true),
                conf,
                program.getUserCodeClassLoader());
          } catch (RuntimeException e) {
            if (recorder != null) {
              recorder.refused(tagging.jobName(), statement, e.getMessage());
            }
            throw e;
          }
        }
        try {
          ClientUtils.executeProgram(
              new DefaultExecutorServiceLoader(), conf, program, false, false);
        } catch (ProgramInvocationException e) {
          err.println(
              "streamkit: error: the main method of "
                  + program.getMainClassName()
                  + " failed: "
                  + Diagnostic.describe(e.getCause() != null ? e.getCause() : e));
          if (submitted.isEmpty() && recorder != null) {
            recorder.refused(tagging.jobName(), statement, Diagnostic.describe(e));
          }
          err.flush();
          return 1;
        }
        if (submitted.isEmpty()) {
          err.println(
              "streamkit: error: the main method of "
                  + program.getMainClassName()
                  + " returned without calling execute(): no job was submitted.");
          err.flush();
          return 1;
        }
        return 0;
      } finally {
        JarJobListener.onSubmitted = id -> {};
        JarJobListener.onExecuted = (id, error) -> {};
      }
    }

    /**
     * {@code --target yarn-application}: the jar's main runs on the JobManager of a Flink cluster
     * of its own on YARN, as with {@code flink run-application}; the jar goes with it.
     */
    private int onYarn(Configuration conf, PrintWriter out, PrintWriter err) throws Exception {
      String main;
      try (PackagedProgram program = program(conf)) {
        main = program.getMainClassName();
      }
      ApplicationClusters.Deployed deployed;
      try {
        YarnTargets.beforeDeploy(conf);
        deployed = ApplicationClusters.deploy(conf, main, mainArgs());
      } catch (Exception e) {
        throw new IllegalStateException(
            "Could not start the application on YARN: " + Diagnostic.describe(e), e);
      }
      out.println(
          "YARN application "
              + deployed.clusterId()
              + " runs "
              + main
              + "; its Flink web UI: "
              + deployed.webInterface());
      err.println(
          "Not recorded: the jobs of a JAR's main in application mode are known to its cluster"
              + " only.");
      out.flush();
      err.flush();
      return 0;
    }
  }

  @Command(
      name = "validate",
      description = {
        "Build the JAR job's graph without running it, and report what 'flink run' would fail on"
            + " later: a missing main class, Flink's own classes bundled in the jar, a main that"
            + " throws or never calls execute(), and with --rest, connectors (streamkit's, Kafka's)"
            + " that neither the jar nor the cluster's lib/ holds.",
        "Exit code: 0 when the job's graph builds, 1 otherwise, 2 on bad usage."
      })
  static final class Validate extends JarAction {
    /** What the cluster at --rest lacks to load the job's connectors, one line per jar. */
    private List<String> clusterLib(PackagedProgram program, Configuration conf, int parallelism)
        throws Exception {
      JobTarget remote = new JobTarget();
      remote.target = JobTarget.Target.REMOTE;
      remote.rest = rest;
      Configuration checked = new Configuration(conf);
      remote.configure(checked); // fails fast, in one line, when the cluster does not answer
      JobTarget.addJars(checked, List.of(jar));
      try {
        ClusterLibCheck.check(
            PackagedProgramUtils.getPipelineFromProgram(program, checked, parallelism, true),
            checked);
        return List.of();
      } catch (IllegalStateException e) {
        return e.getMessage().lines().skip(1).map(String::trim).toList();
      }
    }

    @Option(
        names = "--rest",
        paramLabel = "host:port",
        description = "Also check the job's connectors against this cluster's lib/.")
    String rest;

    @Override
    public Integer call() throws Exception {
      Configuration conf = session.configuration();
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<String> problems = new ArrayList<>();
      List<String> flink = bundledFlinkPackages();
      if (!flink.isEmpty()) {
        problems.add(
            jar
                + " bundles Flink's own classes ("
                + String.join(", ", flink)
                + ", ...): on a cluster they meet Flink's copies across class loaders"
                + " (ClassCastException, NoSuchMethodError). Declare Flink's dependencies"
                + " 'provided' and rebuild the jar.");
      }
      try (PackagedProgram program = program(conf)) {
        int p = conf.getOptional(CoreOptions.DEFAULT_PARALLELISM).orElse(1);
        try {
          var graph = PackagedProgramUtils.createJobGraph(program, conf, p, true);
          if (rest != null) {
            problems.addAll(clusterLib(program, conf, p));
          }
          if (problems.isEmpty()) {
            out.printf(
                "%s: main %s builds job %s with %d vertices.%n",
                jar, program.getMainClassName(), graph.getName(), graph.getNumberOfVertices());
          }
        } catch (ProgramInvocationException e) {
          String why = Diagnostic.describe(e);
          problems.add(
              why.contains("No execute()") || why.contains("ProgramMissingJobException")
                  ? "The main method of "
                      + program.getMainClassName()
                      + " returned without calling execute(): no job."
                  : "The main method of " + program.getMainClassName() + " failed: " + why);
        }
      }
      problems.forEach(problem -> err.println(jar + ": error: " + problem));
      out.flush();
      err.flush();
      return problems.isEmpty() ? 0 : 1;
    }
  }
}
