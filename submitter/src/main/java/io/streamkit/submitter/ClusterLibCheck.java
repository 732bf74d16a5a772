package io.streamkit.submitter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.URL;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;

/**
 * Before a job goes to a remote cluster, checks that the cluster's {@code lib/} can load what the
 * job's operators were planned with: each streamkit or Kafka connector class in them, as the CLI's
 * class path holds it. A missing jar would otherwise show as a {@code ClassNotFoundException} on a
 * TaskManager, and Flink's SQL Kafka jar, whose classes differ from the Kafka connector the CLI
 * plans with, as an {@code InvalidClassException} when the JobManager reads the job.
 *
 * <p>The cluster's class path comes from its REST API ({@code /jobmanager/environment}); when it
 * cannot be read, or does not show Flink's own jars (a MiniCluster inside another program), the
 * check is skipped.
 */
final class ClusterLibCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SQL_KAFKA = "flink-sql-connector-kafka-";
  private static final String KAFKA = "flink-connector-kafka-";

  /** Modules bundled inside other streamkit jars, and the jars that carry them. */
  private static final Map<String, List<String>> BUNDLED =
      Map.of(
          "streamkit-jdbc-common-",
          List.of("streamkit-dimension-join-", "streamkit-catalog-extension-"));

  private ClusterLibCheck() {}

  /** Throws naming the jars to add (or replace) when the cluster cannot load the job's classes. */
  static void check(Pipeline pipeline, ReadableConfig conf) {
    if (!(pipeline instanceof StreamGraph graph)
        || !"remote".equals(conf.get(DeploymentOptions.TARGET))) {
      return;
    }
    String rest = conf.get(RestOptions.ADDRESS) + ":" + conf.get(RestOptions.PORT);
    Optional<List<String>> clusterJars = clusterJars(RestHttp.of(conf), rest);
    if (clusterJars.isEmpty()) {
      return;
    }
    List<String> shipped = new ArrayList<>();
    for (String url : conf.getOptional(PipelineOptions.JARS).orElse(List.of())) {
      shipped.add(fileName(url));
    }
    List<String> problems = problems(jarsOf(graph), clusterJars.get(), shipped);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "The Flink cluster at "
              + rest
              + " cannot run this job; nothing was submitted.\n  "
              + String.join("\n  ", problems));
    }
  }

  /**
   * What is wrong, one line per jar: {@code needed} maps the CLI's jar names to a class each holds
   * that the job needs; {@code clusterJars} are the file names on the cluster's class path.
   */
  static List<String> problems(
      Map<String, String> needed, Collection<String> clusterJars, Collection<String> shipped) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> need : needed.entrySet()) {
      String jar = need.getKey();
      String base = artifactPrefix(jar);
      if (shipped.contains(jar)) {
        continue;
      }
      if (base.equals(KAFKA)) {
        Optional<String> sqlJar = first(clusterJars, SQL_KAFKA);
        if (sqlJar.isPresent() && first(clusterJars, KAFKA).isEmpty()) {
          problems.add(
              "Its lib/ holds "
                  + sqlJar.get()
                  + ", whose classes are not those of "
                  + jar
                  + " that bin/streamkit plans Kafka tables with (the SQL jar relocates Kafka's"
                  + " client), so the job could not be read there. Replace it in the lib/ of"
                  + " every JobManager and TaskManager with "
                  + jar
                  + " and kafka-clients-<version>.jar from the distribution's lib/cli/, and"
                  + " restart them (docs/distribution.md).");
          continue;
        }
      }
      List<String> carriers = new ArrayList<>(BUNDLED.getOrDefault(base, List.of()));
      if (carriers.stream().anyMatch(c -> first(needed.keySet(), c).isPresent())) {
        continue; // the carrier's own line, if any, names the jar to add
      }
      carriers.add(base);
      if (base.startsWith("flink-connector-")) {
        carriers.add("flink-sql-connector-" + base.substring("flink-connector-".length()));
      }
      if (carriers.stream().noneMatch(c -> first(clusterJars, c).isPresent())) {
        String add =
            base.startsWith("streamkit-")
                ? "the distribution's lib/flink/" + carriers.get(0) + "<version>-flink.jar"
                : jar;
        problems.add(
            "Its lib/ has no "
                + base.substring(0, base.length() - 1)
                + " jar, which holds "
                + need.getValue()
                + ": add "
                + add
                + " to the lib/ of every JobManager and TaskManager and restart them, or ship it"
                + " with --jar.");
      }
    }
    return problems;
  }

  /**
   * The CLI's jars that hold a class the job's operators carry (connectors and streamkit's own),
   * each with one of those classes.
   */
  static Map<String, String> jarsOf(StreamGraph graph) {
    Map<String, String> jars = new LinkedHashMap<>();
    for (Class<?> c : serializedClasses(graph.getStreamNodes())) {
      jarOf(c)
          .filter(ClusterLibCheck::isCheckedJar)
          .ifPresent(jar -> jars.putIfAbsent(jar, c.getName()));
    }
    return jars;
  }

  /**
   * Jars whose counterparts in a Flink lib/ are known: streamkit's and the Kafka connector. Other
   * connectors' classes are bundled under many names (flink-connector-files carries
   * flink-connector-base, an uber jar its connector), so a missing name proves nothing there.
   */
  private static boolean isCheckedJar(String name) {
    return name.startsWith("streamkit-") || name.startsWith(KAFKA) || name.startsWith(SQL_KAFKA);
  }

  /** Every class the operators of {@code nodes} write when Flink serializes them. */
  private static Set<Class<?>> serializedClasses(Collection<StreamNode> nodes) {
    Set<Class<?>> classes = new HashSet<>();
    for (StreamNode node : nodes) {
      if (node.getOperatorFactory() == null) {
        continue;
      }
      try (ObjectOutputStream out =
          new ObjectOutputStream(OutputStream.nullOutputStream()) {
            @Override
            protected void annotateClass(Class<?> cl) {
              classes.add(cl);
            }
          }) {
        out.writeObject(node.getOperatorFactory());
      } catch (IOException | RuntimeException e) {
        // Not serializable: the submission itself reports that.
      }
    }
    return classes;
  }

  private static Optional<String> jarOf(Class<?> c) {
    CodeSource source = c.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    if (location == null || !location.getPath().endsWith(".jar")) {
      return Optional.empty();
    }
    return Optional.of(fileName(location.getPath()));
  }

  /** {@code flink-connector-kafka-5.0.0-2.2.jar} -> {@code flink-connector-kafka-}. */
  static String artifactPrefix(String jar) {
    String[] parts = jar.split("-");
    StringBuilder prefix = new StringBuilder();
    for (String part : parts) {
      if (!part.isEmpty() && Character.isDigit(part.charAt(0))) {
        break;
      }
      prefix.append(part).append('-');
    }
    return prefix.toString();
  }

  private static Optional<String> first(Collection<String> jars, String prefix) {
    return jars.stream().filter(j -> j.startsWith(prefix)).findFirst();
  }

  /** The last segment of a path or URL. */
  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /**
   * The jar file names on the JobManager's class path, when its REST API shows them and they
   * include Flink's own (so this is a Flink lib/, not a program that embeds Flink).
   */
  private static Optional<List<String>> clusterJars(RestHttp http, String rest) {
    try {
      RestHttp.Answer response = http.get(rest, "/jobmanager/environment", Duration.ofSeconds(5));
      if (response.status() != 200) {
        return Optional.empty();
      }
      Set<String> jars = new TreeSet<>();
      for (JsonNode entry : JSON.readTree(response.body()).path("classpath")) {
        String path = entry.asText();
        if (path.endsWith(".jar")) {
          jars.add(fileName(path));
        }
      }
      boolean flinkLib =
          jars.stream().anyMatch(j -> j.startsWith("flink-dist") || j.startsWith("flink-runtime-"));
      return flinkLib ? Optional.of(List.copyOf(jars)) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
