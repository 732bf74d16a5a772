package io.streamkit.submitter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.yarn.configuration.YarnConfigOptions;

/**
 * {@code --target yarn-application} and {@code --target yarn-session}, through Flink's own YARN
 * client ({@code flink-yarn}): the session target submits each job to a running Flink session on
 * YARN as {@code remote} does to a REST endpoint; the application target starts a Flink cluster of
 * its own on YARN whose JobManager runs the script ({@link ScriptProgram}), as {@code flink
 * run-application} does with a jar. Hadoop's classes come from the user's installation ({@code
 * HADOOP_CLASSPATH}), as for Flink's CLI; the Flink distribution shipped to YARN from {@code
 * FLINK_HOME} (or {@code yarn.provided.lib.dirs} / {@code yarn.flink-dist-jar}).
 */
final class YarnTargets {
  private YarnTargets() {}

  static void configure(JobTarget.Target target, Configuration conf) {
    requireHadoop(target);
    if (target == JobTarget.Target.YARN_SESSION) {
      if (!conf.contains(YarnConfigOptions.APPLICATION_ID)) {
        throw new UsageException(
            "--target yarn-session needs -D "
                + YarnConfigOptions.APPLICATION_ID.key()
                + "=application_..., the YARN application of a running Flink session.");
      }
      conf.set(DeploymentOptions.TARGET, "yarn-session");
    } else {
      conf.set(DeploymentOptions.TARGET, "yarn-application");
      distribution(conf);
    }
  }

  private static void requireHadoop(JobTarget.Target target) {
    try {
      Class.forName(
          "org.apache.hadoop.yarn.client.api.YarnClient",
          false,
          YarnTargets.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new UsageException(
          "--target "
              + target.label()
              + " needs Hadoop's client classes: export HADOOP_CLASSPATH=$(hadoop classpath)"
              + " before running bin/streamkit, as for Flink's own CLI.");
    }
  }

  /** The Flink distribution YARN starts the application's JobManager and TaskManagers from. */
  private static void distribution(Configuration conf) {
    if (conf.contains(YarnConfigOptions.FLINK_DIST_JAR)
        || conf.contains(YarnConfigOptions.PROVIDED_LIB_DIRS)) {
      return;
    }
    String home = System.getenv("FLINK_HOME");
    if (home == null) {
      throw new UsageException(
          "--target yarn-application ships a Flink 2.2 distribution to YARN: set FLINK_HOME to"
              + " one (its lib/ and plugins/ go with the application: put streamkit's lib/flink"
              + " jars and the Kafka connector there, see docs/distribution.md), or set"
              + " yarn.provided.lib.dirs or yarn.flink-dist-jar.");
    }
    Path lib = Path.of(home, "lib");
    Path dist;
    try (Stream<Path> jars = Files.list(lib)) {
      dist =
          jars.filter(p -> p.getFileName().toString().matches("flink-dist.*\\.jar"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new UsageException(
                          "FLINK_HOME "
                              + home
                              + " has no lib/flink-dist-*.jar: not a Flink home."));
    } catch (IOException e) {
      throw new UsageException("FLINK_HOME " + home + " has no readable lib/: " + e.getMessage());
    }
    conf.set(YarnConfigOptions.FLINK_DIST_JAR, dist.toString());
    List<String> ship = new ArrayList<>(conf.get(YarnConfigOptions.SHIP_FILES));
    ship.add(lib.toString());
    Path plugins = Path.of(home, "plugins");
    if (Files.isDirectory(plugins)) {
      ship.add(plugins.toString());
    }
    conf.set(YarnConfigOptions.SHIP_FILES, ship);
  }

  /** Checks what YARN must have before an application is uploaded to it. */
  static void beforeDeploy(Configuration conf) throws Exception {
    YarnQueues.check(conf); // a class of its own: it loads Hadoop's, which may be missing
  }
}
