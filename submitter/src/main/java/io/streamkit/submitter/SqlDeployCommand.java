package io.streamkit.submitter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Write the manifests that run a SQL script on Kubernetes through the Flink Kubernetes"
          + " Operator: a FlinkDeployment (application mode) with a Secret holding the script"
          + " and its streamkit.yaml, or a FlinkSessionJob for a running session cluster. The"
          + " script is validated first. Apply them with 'kubectl apply -f DIR'.",
      "Exit code: 0 when the manifests were written, 1 when the script has errors, 2 on bad usage."
    })
final class SqlDeployCommand implements Callable<Integer> {
  /** Flink version of the images streamkit is built for, as the operator's CRD spells it. */
  static final String FLINK_VERSION = "v2_2";

  static final String JOB_DIR = "/opt/streamkit/job";
  static final String DEFAULT_JAR =
      "local:///opt/flink/usrlib/streamkit-submitter-0.1.0-SNAPSHOT.jar";

  /** The operator's rule for resource names (DNS-1123 label, at most 45 characters). */
  private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,43}[a-z0-9])?");

  enum Mode {
    application,
    session
  }

  enum UpgradeMode {
    stateless,
    savepoint,
    last_state;

    String crdValue() {
      return name().replace('_', '-');
    }
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin SessionOptions session;

  @Option(
      names = "--operator",
      required = true,
      description = "Manifests for the Flink Kubernetes Operator (the one kind written today).")
  boolean operator;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write.")
  Path out;

  @Option(
      names = "--mode",
      defaultValue = "application",
      description = "application (a FlinkDeployment of its own, the default) or session.")
  Mode mode;

  @Option(
      names = "--deployment",
      paramLabel = "NAME",
      description = "The session cluster's FlinkDeployment, for --mode session.")
  String deployment;

  @Option(
      names = "--name",
      description = "Resource name (default: pipeline.name, else the script's file name).")
  String name;

  @Option(names = "--namespace", description = "Kubernetes namespace of the resources.")
  String namespace;

  @Option(
      names = "--image",
      defaultValue = "streamkit-flink:0.1.0-SNAPSHOT",
      description = "Flink 2.2 image with streamkit's jars (docs/jobs.md shows its Dockerfile).")
  String image;

  @Option(
      names = "--jar-uri",
      paramLabel = "URI",
      description =
          "The jar with ScriptProgram (default: "
              + DEFAULT_JAR
              + " in the image;"
              + " a session job needs one the operator can download, e.g. https://...).")
  String jarUri;

  @Option(
      names = "--parallelism",
      description = "The jobs' parallelism (default: parallelism.default, else 1).")
  Integer parallelism;

  @Option(
      names = "--upgrade-mode",
      defaultValue = "stateless",
      description = "stateless, savepoint or last_state: how the operator upgrades the job.")
  UpgradeMode upgradeMode;

  @Option(names = "--service-account", defaultValue = "flink", description = "Pods' account.")
  String serviceAccount;

  @Option(names = "--from-savepoint", paramLabel = "PATH", description = "Initial savepoint.")
  String fromSavepoint;

  @Option(
      names = "--allow-non-restored-state",
      description = "With --from-savepoint: start although some of its state has no operator.")
  boolean allowNonRestoredState;

  @Option(names = "--skip-validation", description = "Do not validate the script first.")
  boolean skipValidation;

  @Parameters(paramLabel = "FILE", description = "The SQL script.")
  Path file;

  @Override
  public Integer call() throws IOException {
    List<SqlScript.Statement> statements = session.readScript(file);
    Configuration conf = session.configuration();
    String resource = resourceName(conf);
    checkUsage(conf);
    PrintWriter err = spec.commandLine().getErr();
    if (!skipValidation
        && conf.get(StreamkitOptions.VALIDATE_BEFORE_RUN)
        && ScriptValidator.printErrors(conf, true, statements, file.toString(), err) > 0) {
      err.println("No manifest was written: the script has errors.");
      err.flush();
      return 1;
    }
    Map<String, String> flink = new TreeMap<>();
    Map<String, String> streamkit = new TreeMap<>();
    conf.toMap().forEach((k, v) -> (k.startsWith("streamkit.") ? streamkit : flink).put(k, v));
    flink.putIfAbsent(PipelineOptions.NAME.key(), resource);
    String script = Files.readString(file, StandardCharsets.UTF_8);
    Files.createDirectories(out);
    List<Path> written = new ArrayList<>();
    if (mode == Mode.application) {
      written.add(
          OperatorManifests.write(
              out.resolve(resource + "-secret.yaml"),
              OperatorManifests.secret(
                  secretName(resource), namespace, resource, script, streamkit)));
      written.add(
          OperatorManifests.write(
              out.resolve(resource + "-flinkdeployment.yaml"),
              OperatorManifests.flinkDeployment(
                  resource,
                  namespace,
                  image,
                  serviceAccount,
                  flink,
                  secretName(resource),
                  job(applicationArgs(), conf))));
    } else {
      List<String> args = new ArrayList<>();
      streamkit.forEach((k, v) -> args.addAll(List.of("-D", k + "=" + v)));
      session.variables().forEach((k, v) -> args.addAll(List.of("--var", k + "=" + v)));
      args.addAll(List.of(ScriptProgram.SCRIPT_TEXT, script));
      written.add(
          OperatorManifests.write(
              out.resolve(resource + "-flinksessionjob.yaml"),
              OperatorManifests.flinkSessionJob(
                  resource, namespace, deployment, flink, job(args, conf))));
    }
    PrintWriter stdout = spec.commandLine().getOut();
    written.forEach(p -> stdout.println("Wrote " + p));
    stdout.println("Apply with: kubectl apply -f " + out);
    stdout.flush();
    return 0;
  }

  private void checkUsage(Configuration conf) {
    if (mode == Mode.session && deployment == null) {
      throw new UsageException(
          "--mode session needs --deployment NAME: the FlinkDeployment of the session cluster.");
    }
    if (mode == Mode.application && deployment != null) {
      throw new UsageException("--deployment is for --mode session.");
    }
    if (mode == Mode.session && jarUri == null) {
      throw new UsageException(
          "--mode session needs --jar-uri: the operator downloads a session job's jar and uploads"
              + " it to the cluster (https://, s3://, ...), so a local:// path of an image does"
              + " not reach it.");
    }
    if (allowNonRestoredState && fromSavepoint == null) {
      throw new UsageException("--allow-non-restored-state needs --from-savepoint PATH.");
    }
    if (upgradeMode != UpgradeMode.stateless
        && !conf.containsKey("state.savepoints.dir")
        && !conf.containsKey("execution.checkpointing.savepoint-dir")) {
      throw new UsageException(
          "--upgrade-mode "
              + upgradeMode
              + " needs a savepoint directory the operator can write: set -D"
              + " execution.checkpointing.savepoint-dir=s3://... (or state.savepoints.dir).");
    }
  }

  /** The arguments of the program in the FlinkDeployment: the script and conf from the map. */
  private List<String> applicationArgs() {
    List<String> args = new ArrayList<>(List.of("--conf", JOB_DIR + "/streamkit.yaml"));
    session.variables().forEach((k, v) -> args.addAll(List.of("--var", k + "=" + v)));
    args.add(JOB_DIR + "/" + OperatorManifests.SCRIPT_KEY);
    return args;
  }

  private Map<String, Object> job(List<String> args, Configuration conf) {
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("jarURI", jarUri != null ? jarUri : DEFAULT_JAR);
    job.put("entryClass", ScriptProgram.class.getName());
    job.put("args", args);
    job.put(
        "parallelism",
        parallelism != null
            ? parallelism
            : conf.getOptional(CoreOptions.DEFAULT_PARALLELISM).orElse(1));
    job.put("upgradeMode", upgradeMode.crdValue());
    job.put("state", "running");
    if (fromSavepoint != null) {
      job.put("initialSavepointPath", fromSavepoint);
      job.put("allowNonRestoredState", allowNonRestoredState);
    }
    return job;
  }

  private String resourceName(Configuration conf) {
    String chosen = name;
    if (chosen == null) {
      String base =
          conf.getOptional(PipelineOptions.NAME)
              .orElseGet(() -> file.getFileName().toString().replaceFirst("\\.[^.]*$", ""));
      chosen = base.toLowerCase().replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
    }
    if (!NAME.matcher(chosen).matches()) {
      throw new UsageException(
          "'"
              + chosen
              + "' cannot name a Kubernetes resource: lower-case letters, digits and '-', starting"
              + " with a letter, at most 45 characters. Give one with --name.");
    }
    return chosen;
  }

  private static String secretName(String resource) {
    return resource + "-streamkit";
  }
}
