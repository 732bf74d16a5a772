package io.streamkit.submitter;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Flags of the commands that start jobs: where they run ({@code sql run}, {@code alert run}). */
final class JobTarget {
  enum Target {
    LOCAL,
    REMOTE,
    CLUSTER,
    YARN_APPLICATION,
    YARN_SESSION,
    KUBERNETES_APPLICATION;

    /** As users write it: local, remote, cluster, yarn-application, yarn-session. */
    String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    boolean yarn() {
      return this == YARN_APPLICATION || this == YARN_SESSION;
    }

    /** A cluster of its own whose JobManager runs the script. */
    boolean application() {
      return this == YARN_APPLICATION || this == KUBERNETES_APPLICATION;
    }
  }

  /** Reads {@code --target} as users write it. */
  static final class TargetConverter implements CommandLine.ITypeConverter<Target> {
    @Override
    public Target convert(String value) {
      for (Target t : Target.values()) {
        if (t.label().equals(value)) {
          return t;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'"
              + value
              + "' is not a target: local, remote, cluster, yarn-application, yarn-session or"
              + " kubernetes-application.");
    }
  }

  @Option(
      names = "--target",
      defaultValue = "local",
      converter = TargetConverter.class,
      description =
          "local (an embedded Flink in this process, the default), remote (a running cluster) or,"
              + " for 'sql run' only: yarn-application (a Flink cluster of its own on YARN that"
              + " runs the script), yarn-session (a running Flink session on YARN, -D"
              + " yarn.application.id=...), kubernetes-application (a Flink cluster of its own on"
              + " Kubernetes that runs the script), cluster (this program runs inside a Flink"
              + " cluster, in"
              + " application mode or as a jar run: what the manifests of 'sql deploy' start).")
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
      names = "--from-savepoint",
      paramLabel = "PATH",
      description =
          "Start the jobs from this savepoint; it is compared with the new plan first, and a"
              + " savepoint that does not fit refuses the run.")
  String fromSavepoint;

  @Option(
      names = "--allow-non-restored-state",
      description =
          "With --from-savepoint: start even though state of the savepoint has no operator to go"
              + " to (that state is dropped).")
  boolean allowNonRestoredState;

  boolean local() {
    return target == Target.LOCAL;
  }

  /** Whether the script runs inside an application cluster of its own (YARN, Kubernetes). */
  boolean applicationCluster() {
    return target.application();
  }

  /** Whether this program runs inside the cluster its jobs go to ({@code --target cluster}). */
  boolean inCluster() {
    return target == Target.CLUSTER;
  }

  /**
   * The cluster of the jobs as their records name it (see {@link ClusterConnection#remote}): local,
   * the REST address, {@code yarn-session:<application id>}, or the target's name where the cluster
   * is only known once deployed (application targets) or is this one (cluster).
   */
  String clusterName(Configuration conf) {
    return switch (target) {
      case REMOTE -> rest;
      case YARN_SESSION ->
          ClusterConnection.YARN_SESSION
              + conf.getOptional(
                      org.apache.flink.yarn.configuration.YarnConfigOptions.APPLICATION_ID)
                  .orElse("");
      default -> target.label();
    };
  }

  /**
   * Sets the execution target, the REST address (after checking the cluster answers), attached or
   * detached, and {@code pipeline.jars} from {@code --jar}.
   */
  void configure(Configuration conf) {
    configure(conf, java.util.EnumSet.noneOf(Target.class), "local or remote");
  }

  /**
   * @param more the targets this command takes besides local and remote
   * @param takes how the command's help names the targets it takes, for the refusal
   */
  void configure(Configuration conf, java.util.Set<Target> more, String takes) {
    if (target != Target.LOCAL && target != Target.REMOTE && !more.contains(target)) {
      throw new UsageException(
          "--target " + target.label() + " is not for this command; it takes " + takes + ".");
    }
    if (target.yarn()) {
      if (rest != null) {
        throw new UsageException("--rest needs --target remote.");
      }
      YarnTargets.configure(target, conf);
    } else if (target == Target.KUBERNETES_APPLICATION) {
      if (rest != null) {
        throw new UsageException("--rest needs --target remote.");
      }
      KubernetesTargets.configure(conf);
    } else if (inCluster()) {
      if (rest != null) {
        throw new UsageException("--rest needs --target remote.");
      }
      // Flink's context environment (application mode, jar run) submits to this cluster; the
      // jobs run on after the script's program returns, as with the SQL client's default
      // table.dml-sync=false.
      detached = true;
    } else if (local()) {
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
      probe(RestHttp.of(conf), host + ":" + port, conf.get(StreamkitOptions.REST_PROBE_TIMEOUT));
    }
    conf.set(DeploymentOptions.ATTACHED, !detached);
    if (fromSavepoint != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, fromSavepoint);
    }
    if (allowNonRestoredState) {
      if (fromSavepoint == null && !conf.contains(StateRecoveryOptions.SAVEPOINT_PATH)) {
        throw new UsageException("--allow-non-restored-state needs --from-savepoint PATH.");
      }
      conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
    }
    List<Path> files = new ArrayList<>();
    for (Path jar : jars) {
      if (!Files.isRegularFile(jar)) {
        throw new UsageException("--jar " + jar + " does not exist.");
      }
      files.add(jar);
    }
    addJars(conf, files);
  }

  /** Appends jars to {@code pipeline.jars}: they go to the cluster with the job. */
  static void addJars(Configuration conf, List<Path> jars) {
    if (jars.isEmpty()) {
      return;
    }
    List<String> urls = new ArrayList<>(conf.getOptional(PipelineOptions.JARS).orElse(List.of()));
    for (Path jar : jars) {
      String url = jar.toAbsolutePath().toUri().toString();
      if (!urls.contains(url)) {
        urls.add(url);
      }
    }
    conf.set(PipelineOptions.JARS, urls);
  }

  /**
   * Fails fast with a clear message when the cluster is not there, instead of retrying for minutes.
   */
  private static void probe(RestHttp rest, String hostPort, Duration timeout) {
    URI uri = rest.uri(hostPort, "/v1/config");
    try {
      int status = rest.get(hostPort, "/v1/config", timeout).status();
      if (status >= 300 && status < 400 && !rest.tls()) {
        throw new UsageException(
            "The Flink REST endpoint "
                + uri
                + " answered HTTP "
                + status
                + ", a redirect to HTTPS: the cluster's REST endpoint uses TLS. Give its"
                + " security.ssl.rest.* options (security.ssl.rest.enabled=true,"
                + " security.ssl.rest.truststore, security.ssl.rest.truststore-password) with -D"
                + " or in the configuration file.");
      }
      if (status != 200) {
        throw new UsageException(
            "The Flink REST endpoint " + uri + " answered HTTP " + status + ".");
      }
    } catch (javax.net.ssl.SSLException e) {
      throw new ClusterUnreachableException(
          "TLS to the Flink cluster at "
              + hostPort
              + " failed ("
              + e.getMessage()
              + "). The certificate must be trusted by security.ssl.rest.truststore"
              + (e.getMessage() != null && e.getMessage().contains("name")
                  ? " and name the host given in --rest (or set security.ssl.verify-hostname=false)"
                  : "")
              + ".");
    } catch (java.io.IOException e) {
      throw new ClusterUnreachableException(
          "Cannot reach the Flink cluster at "
              + hostPort
              + " ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + "). Check --rest and that the JobManager is running"
              + (rest.tls()
                  ? "."
                  : "; if its REST endpoint uses TLS, give its security.ssl.rest.* options"
                      + " (security.ssl.rest.enabled=true, security.ssl.rest.truststore, ...)"
                      + " with -D or in the configuration file."));
    }
  }

  /** The cluster is not reachable: an environment error (exit code 1), not a usage error. */
  static final class ClusterUnreachableException extends RuntimeException {
    ClusterUnreachableException(String message) {
      super(message);
    }
  }
}
