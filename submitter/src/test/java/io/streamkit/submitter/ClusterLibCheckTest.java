package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterLibCheckTest {
  private static final List<String> FLINK =
      List.of("flink-dist-2.2.0.jar", "log4j-core-2.24.3.jar");

  private static Map<String, String> needs(String... jarAndClass) {
    Map<String, String> needed = new LinkedHashMap<>();
    for (int i = 0; i < jarAndClass.length; i += 2) {
      needed.put(jarAndClass[i], jarAndClass[i + 1]);
    }
    return needed;
  }

  private static List<String> with(String... jars) {
    List<String> all = new java.util.ArrayList<>(FLINK);
    all.addAll(List.of(jars));
    return all;
  }

  @Test
  void aStreamkitJarMissingFromTheClustersLibIsNamedWithTheDistributionsFile() {
    List<String> problems =
        ClusterLibCheck.problems(
            needs(
                "streamkit-dimension-join-0.1.0.jar",
                "io.streamkit.dimension.JdbcLookupFunction",
                "streamkit-jdbc-common-0.1.0.jar",
                "io.streamkit.jdbc.Database"),
            with("flink-connector-kafka-5.0.0-2.2.jar"),
            List.of());

    assertThat(problems)
        .containsExactly(
            "Its lib/ has no streamkit-dimension-join jar, which holds"
                + " io.streamkit.dimension.JdbcLookupFunction: add the distribution's"
                + " lib/flink/streamkit-dimension-join-<version>-flink.jar to the lib/ of every"
                + " JobManager and TaskManager and restart them, or ship it with --jar.");
  }

  @Test
  void aBundledModuleAloneIsNamedWithTheJarThatCarriesIt() {
    assertThat(
            ClusterLibCheck.problems(
                needs("streamkit-jdbc-common-0.1.0.jar", "io.streamkit.jdbc.Database"),
                FLINK,
                List.of()))
        .singleElement()
        .asString()
        .contains("add the distribution's lib/flink/streamkit-dimension-join-<version>-flink.jar");
  }

  @Test
  void theFlinkJarsInLibSatisfyTheCliJarsTheyBundle() {
    assertThat(
            ClusterLibCheck.problems(
                needs(
                    "streamkit-dimension-join-0.1.0.jar", "io.streamkit.dimension.X",
                    "streamkit-jdbc-common-0.1.0.jar", "io.streamkit.jdbc.Database",
                    "flink-connector-kafka-5.0.0-2.2.jar", "org.apache.flink.K"),
                with(
                    "streamkit-dimension-join-0.1.0-flink.jar",
                    "flink-connector-kafka-5.0.0-2.2.jar"),
                List.of()))
        .isEmpty();
  }

  @Test
  void theSqlKafkaJarIsNamedAsIncompatibleAndItsReplacementGiven() {
    List<String> problems =
        ClusterLibCheck.problems(
            needs("flink-connector-kafka-5.0.0-2.2.jar", "org.apache.flink.K"),
            with("flink-sql-connector-kafka-5.0.0-2.2.jar"),
            List.of());

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .startsWith(
            "Its lib/ holds flink-sql-connector-kafka-5.0.0-2.2.jar, whose classes are not those"
                + " of flink-connector-kafka-5.0.0-2.2.jar")
        .contains("kafka-clients-<version>.jar from the distribution's lib/cli/");
  }

  @Test
  void aJarShippedWithTheJobNeedsNoCopyInLib() {
    assertThat(
            ClusterLibCheck.problems(
                needs("streamkit-latency-tracker-0.1.0.jar", "io.streamkit.latency.X"),
                FLINK,
                List.of("streamkit-latency-tracker-0.1.0.jar")))
        .isEmpty();
  }

  @Test
  void artifactPrefixesStopAtTheVersion() {
    assertThat(ClusterLibCheck.artifactPrefix("flink-connector-kafka-5.0.0-2.2.jar"))
        .isEqualTo("flink-connector-kafka-");
    assertThat(ClusterLibCheck.artifactPrefix("streamkit-catalog-extension-0.1.0-SNAPSHOT.jar"))
        .isEqualTo("streamkit-catalog-extension-");
  }
}
