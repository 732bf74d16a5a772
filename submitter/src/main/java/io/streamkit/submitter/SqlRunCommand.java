package io.streamkit.submitter;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
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
  enum Target {
    local,
    remote
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin SessionOptions session;

  @Parameters(paramLabel = "FILE", description = "The SQL script.")
  Path file;

  @Option(
      names = "--target",
      defaultValue = "local",
      description =
          "local (an embedded Flink in this process, the default) or remote (a running cluster).")
  Target target;

  @Option(
      names = "--rest",
      paramLabel = "host:port",
      description = "REST endpoint of the JobManager, for --target remote.")
  String rest;

  @Option(
      names = "--detached",
      description =
          "Return as soon as the jobs are submitted (remote only); default: wait for them.")
  boolean detached;

  @Option(
      names = "--jar",
      paramLabel = "FILE",
      description = "A jar the job needs on the cluster (connector, format, UDF); repeatable.")
  List<Path> jars = new ArrayList<>();

  @Option(
      names = "--skip-validation",
      description = "Do not validate the whole script before running it.")
  boolean skipValidation;

  @Override
  public Integer call() {
    List<SqlScript.Statement> statements = session.readScript(file);
    Configuration conf = session.configuration();
    configureTarget(conf);
    boolean local = target == Target.local;
    JobTagging tagging =
        JobTagging.apply(conf, JobTagging.tags(conf, file, local ? "local" : rest), local);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    if (!skipValidation && conf.get(StreamkitOptions.VALIDATE_BEFORE_RUN)) {
      try (ScriptSession check = SqlSession.script(conf, true, !local)) {
        List<Diagnostic> errors = ScriptValidator.validate(check, statements);
        if (!errors.isEmpty()) {
          errors.forEach(d -> err.println(d.format(file.toString())));
          err.println(
              "Nothing was run: "
                  + (errors.size() == 1
                      ? "1 statement has errors."
                      : errors.size() + " statements have errors."));
          err.flush();
          return 1;
        }
      }
    }

    try (ScriptSession session = SqlSession.script(conf, false, !local)) {
      return new ScriptRunner(out, err, detached, tagging).run(session, statements, file.toString())
          ? 0
          : 1;
    }
  }

  private void configureTarget(Configuration conf) {
    if (target == Target.local) {
      if (detached) {
        throw new UsageException(
            "--detached needs --target remote: a local job ends with this process.");
      }
      if (rest != null) {
        throw new UsageException("--rest needs --target remote.");
      }
      conf.set(DeploymentOptions.TARGET, "local");
    } else {
      if (rest == null) {
        throw new UsageException("--target remote needs --rest host:port of the JobManager.");
      }
      int colon = rest.lastIndexOf(':');
      if (colon <= 0) {
        throw new UsageException("--rest must be host:port, got '" + rest + "'.");
      }
      String host = rest.substring(0, colon);
      int port;
      try {
        port = Integer.parseInt(rest.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new UsageException("--rest must be host:port, got '" + rest + "'.");
      }
      conf.set(DeploymentOptions.TARGET, "remote");
      conf.set(RestOptions.ADDRESS, host);
      conf.set(RestOptions.PORT, port);
      probe(host, port, conf.get(StreamkitOptions.REST_PROBE_TIMEOUT));
    }
    conf.set(DeploymentOptions.ATTACHED, !detached);
    if (!jars.isEmpty()) {
      List<String> urls = new ArrayList<>(conf.getOptional(PipelineOptions.JARS).orElse(List.of()));
      for (Path jar : jars) {
        if (!Files.isRegularFile(jar)) {
          throw new UsageException("--jar " + jar + " does not exist.");
        }
        urls.add(jar.toAbsolutePath().toUri().toString());
      }
      conf.set(PipelineOptions.JARS, urls);
    }
  }

  /**
   * Fails fast with a clear message when the cluster is not there, instead of retrying for minutes.
   */
  private static void probe(String host, int port, Duration timeout) {
    URI uri = URI.create("http://" + host + ":" + port + "/v1/config");
    try {
      HttpResponse<Void> response =
          HttpClient.newBuilder()
              .connectTimeout(timeout)
              .build()
              .send(
                  HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                  HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        throw new UsageException(
            "The Flink REST endpoint " + uri + " answered HTTP " + response.statusCode() + ".");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsageException("Interrupted while contacting " + uri);
    } catch (java.io.IOException e) {
      throw new ClusterUnreachableException(
          "Cannot reach the Flink cluster at "
              + host
              + ":"
              + port
              + " ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + "). Check --rest and that the JobManager is running.");
    }
  }

  /** The cluster is not reachable: an environment error (exit code 1), not a usage error. */
  static final class ClusterUnreachableException extends RuntimeException {
    ClusterUnreachableException(String message) {
      super(message);
    }
  }
}
