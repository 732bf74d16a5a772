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
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.kubernetes.configuration.KubernetesConfigOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a SQL script written for Flink's SQL client (sql-client.sh -f): SET/RESET, DDL, USE,"
          + " SHOW/DESCRIBE/EXPLAIN, SELECT, INSERT, BEGIN STATEMENT SET ... END and EXECUTE"
          + " STATEMENT SET (several INSERTs in one job), ADD JAR, STOP JOB. Each job's id is"
          + " printed.",
      "Exit code: 0 when every statement and job succeeded, 1 otherwise, 2 on bad usage."
    })
final class SqlRunCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin SessionOptions session;

  @Mixin JobTarget target;

  @Parameters(paramLabel = "FILE", description = "The SQL script.")
  Path file;

  @Option(
      names = "--skip-validation",
      description = "Do not validate the whole script before running it.")
  boolean skipValidation;

  @Option(
      names = "--test-sinks",
      description =
          "Test run: read the production sources, write every INSERT to a test copy of its"
              + " target (Kafka: <topic>_test; JDBC: streamkit.test-sinks.jdbc.url; others:"
              + " streamkit.test-sinks.connector), read Kafka as a consumer group of its own that"
              + " commits no offsets. Prints where each result went.")
  boolean testSinks;

  @Override
  public Integer call() {
    List<SqlScript.Statement> statements = session.readScript(file);
    Configuration conf = session.configuration();
    target.configure(conf, java.util.EnumSet.allOf(JobTarget.Target.class), "any target");
    boolean local = target.local();
    Map<String, String> recorded = new LinkedHashMap<>(session.properties());
    if (testSinks) {
      conf.set(StreamkitOptions.TEST_SINKS_ENABLED, true);
      recorded.put(StreamkitOptions.TEST_SINKS_ENABLED.key(), "true"); // a resume tests again
    }
    Map<String, String> tags = JobTagging.tags(conf, file, target.clusterName(conf));
    if (conf.get(StreamkitOptions.TEST_SINKS_ENABLED)) {
      String name = tags.get(JobTagging.JOB_NAME);
      String suffix = conf.get(StreamkitOptions.TEST_SINKS_SUFFIX);
      if (!name.endsWith(suffix)) {
        tags.put(JobTagging.JOB_NAME, name + suffix);
      }
      conf.set(PipelineOptions.NAME, tags.get(JobTagging.JOB_NAME));
    }
    JobTagging tagging = JobTagging.apply(conf, tags, local);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    boolean validateFirst = !skipValidation && conf.get(StreamkitOptions.VALIDATE_BEFORE_RUN);
    // A script whose one effect is its last statement's job is planned once: validated only if
    // the run fails before that job is submitted (ScriptShape).
    boolean optimistic =
        validateFirst && !target.applicationCluster() && ScriptShape.oneJobAtTheEnd(statements);
    if (validateFirst && !optimistic && !validate(conf, statements, err)) {
      return 1;
    }

    if (target.applicationCluster()) {
      return deployApplication(conf, statements, tagging, recorded, out, err);
    }
    JobRecorder recorder =
        conf.get(StreamkitOptions.CATALOG_ENABLED) && !target.inCluster()
            ? new JobRecorder(
                conf, file, readRaw(), recorded, session.variables(), target.clusterName(conf), err)
            : null;
    if (!optimistic) {
      try (ScriptSession session = SqlSession.script(conf, false, !local)) {
        return new ScriptRunner(out, err, target.detached, tagging, recorder)
                .run(session, statements, file.toString())
            ? 0
            : 1;
      }
    }
    HeldOutput heldOut = new HeldOutput(out);
    HeldOutput heldErr = new HeldOutput(err);
    ScriptRunner runner =
        new ScriptRunner(heldOut.writer(), heldErr.writer(), target.detached, tagging, recorder)
            .deferRefusal()
            .onFirstSubmission(
                () -> {
                  heldErr.release();
                  heldOut.release();
                });
    boolean ok;
    try (ScriptSession session = SqlSession.script(conf, false, !local)) {
      ok = runner.run(session, statements, file.toString());
    }
    if (!ok && !runner.anySubmitted() && !validate(conf, statements, err)) {
      return 1; // what validation first would have printed; the run's own words are dropped
    }
    runner.recordRefusal(); // a refusal validation would not have caught, e.g. the cluster's
    heldErr.release();
    heldOut.release();
    return ok ? 0 : 1;
  }

  /** Validates the whole script; prints every error and returns false when there are any. */
  private boolean validate(
      Configuration conf, List<SqlScript.Statement> statements, PrintWriter err) {
    int errors =
        ScriptValidator.printErrors(conf, !target.local(), statements, file.toString(), err);
    if (errors == 0) {
      return true;
    }
    err.println(
        "Nothing was run: "
            + (errors == 1 ? "1 statement has errors." : errors + " statements have errors."));
    err.flush();
    return false;
  }

  /**
   * {@code --target yarn-application|kubernetes-application}: a Flink cluster of its own whose
   * JobManager runs the script (validated here already) with this run's streamkit keys and
   * variables; its Flink keys are the cluster's configuration.
   */
  private int deployApplication(
      Configuration conf,
      List<SqlScript.Statement> statements,
      JobTagging tagging,
      Map<String, String> recorded,
      PrintWriter out,
      PrintWriter err) {
    List<String> args = new ArrayList<>(List.of("--skip-validation"));
    conf.toMap()
        .forEach(
            (k, v) -> {
              if (k.startsWith("streamkit.")) {
                args.addAll(List.of("-D", k + "=" + v));
              }
            });
    session.variables().forEach((k, v) -> args.addAll(List.of("--var", k + "=" + v)));
    args.addAll(List.of(ScriptProgram.SCRIPT_TEXT, readRaw()));
    boolean yarn = target.target == JobTarget.Target.YARN_APPLICATION;
    // One job: its id is fixed here (Flink's application mode takes it), so the run is recorded
    // and the job commands find it. A script of several jobs runs unrecorded.
    boolean record =
        conf.get(StreamkitOptions.CATALOG_ENABLED) && ScriptShape.oneJobAtTheEnd(statements);
    JobID jobId = new JobID();
    if (record) {
      conf.set(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID, jobId.toHexString());
    }
    String lastStatement = statements.get(statements.size() - 1).sql();
    ApplicationClusters.Deployed deployed;
    try {
      if (yarn) {
        YarnTargets.beforeDeploy(conf);
      }
      deployed = ApplicationClusters.deploy(conf, args);
    } catch (Exception e) {
      if (record) {
        recorder(conf, recorded, target.target.label(), err)
            .refused(tagging.jobName(), lastStatement, Diagnostic.describe(e));
      }
      throw new IllegalStateException(
          "Could not start the application on "
              + (yarn ? "YARN" : "Kubernetes")
              + ": "
              + Diagnostic.describe(e),
          e);
    }
    out.println(
        (yarn ? "YARN application " : "Kubernetes application ")
            + deployed.clusterId()
            + " runs the script; its Flink web UI: "
            + deployed.webInterface());
    if (record) {
      String cluster =
          yarn
              ? ClusterConnection.YARN_APPLICATION + deployed.clusterId()
              : ClusterConnection.KUBERNETES_APPLICATION
                  + conf.get(KubernetesConfigOptions.NAMESPACE)
                  + "/"
                  + deployed.clusterId();
      recorder(conf, recorded, cluster, err)
          .submitted(tagging.jobName(), jobId.toHexString(), lastStatement);
      out.println("Job ID: " + jobId);
    } else if (conf.get(StreamkitOptions.CATALOG_ENABLED)) {
      err.println(
          "Not recorded: the script starts more than one job (or has statements with effects"
              + " before its job), whose ids only the cluster knows; 'job list' will not show it.");
    }
    out.flush();
    err.flush();
    return 0;
  }

  private JobRecorder recorder(
      Configuration conf, Map<String, String> recorded, String cluster, PrintWriter err) {
    return new JobRecorder(conf, file, readRaw(), recorded, session.variables(), cluster, err);
  }

  /** The script as written, before --var substitution: what a resumed run substitutes again. */
  private String readRaw() {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("Cannot read SQL script " + file + ": " + e.getMessage());
    }
  }
}
