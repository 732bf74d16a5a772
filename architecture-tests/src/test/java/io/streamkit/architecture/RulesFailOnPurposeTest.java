package io.streamkit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import com.tngtech.archunit.library.freeze.ViolationStore;
import io.streamkit.archfixture.api.PublicApi;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each rule fails on a small import of offending classes (the {@code archfixture} packages of this
 * module's test sources), so a rule that silently matches nothing cannot pass for a kept rule. The
 * real check in {@link ArchitectureTest} imports only the modules' jars, never these classes.
 */
class RulesFailOnPurposeTest {

  private static JavaClasses importPackages(String... packages) {
    return new ClassFileImporter().importPackages(packages);
  }

  private static String violations(ArchRule rule, JavaClasses classes) {
    EvaluationResult result = rule.evaluate(classes);
    assertThat(result.hasViolation()).as("%s must fail on %s", rule, classes).isTrue();
    return String.join("\n", result.getFailureReport().getDetails());
  }

  @Test
  void engineClassInANeutralCoreFails() {
    String details =
        violations(
            Rules.ENGINE_NEUTRAL_CORES,
            importPackages(
                "io.streamkit.smallfile.archfixture",
                "io.streamkit.smallfile.spark.archfixture",
                "io.streamkit.shuffle.common.archfixture"));
    assertThat(details)
        .contains("CoreUsingSpark", "org.apache.spark.archfixture.SparkType")
        .contains("CommonUsingFlink", "org.apache.flink.archfixture.FlinkType")
        .doesNotContain("AdapterUsingSpark");
  }

  @Test
  void engineClassInANeutralArtifactFailsWhateverItsPackage() {
    // As if the merge core and an adapter-package class had both been packed into the core jar,
    // while shuffle-common's fixture came from some other artifact.
    Function<JavaClass, Optional<String>> artifactOf =
        c ->
            Optional.of(
                c.getPackageName().startsWith("io.streamkit.smallfile.")
                    ? "streamkit-small-file-commit-core"
                    : "streamkit-something-else");
    String details =
        violations(
            Rules.engineNeutralArtifacts(artifactOf),
            importPackages(
                "io.streamkit.smallfile.archfixture",
                "io.streamkit.smallfile.spark.archfixture",
                "io.streamkit.shuffle.common.archfixture"));
    assertThat(details)
        .contains("CoreUsingSpark", "AdapterUsingSpark", "org.apache.spark.archfixture.SparkType")
        .doesNotContain("CommonUsingFlink");
  }

  @Test
  void mainCodeUsingTestkitFails() {
    String details =
        violations(
            Rules.NO_TESTKIT_IN_MAIN_CODE,
            importPackages("io.streamkit.archfixture", "io.streamkit.testkit.archfixture"));
    assertThat(details)
        .contains("MainUsingTestkit", "io.streamkit.testkit.archfixture.TestkitType");
  }

  @Test
  void optionsClassThatIsNotAConstantHolderFails() {
    String details =
        violations(
            Rules.OPTIONS_CLASSES_ARE_CONSTANT_HOLDERS,
            importPackages("io.streamkit.archfixture.options"));
    assertThat(details)
        .contains("NonFinalOptions", "PublicConstructorOptions")
        .doesNotContain("GoodOptions", "RecordOptions");
  }

  @Test
  void frozenOptionsRuleAcceptsRecordedViolationsAndFailsOnANewOne() {
    InMemoryStore store = new InMemoryStore();
    ArchRule frozen =
        FreezingArchRule.freeze(Rules.OPTIONS_CLASSES_ARE_CONSTANT_HOLDERS).persistIn(store);
    JavaClasses existing =
        new ClassFileImporter()
            .importClasses(
                io.streamkit.archfixture.options.GoodOptions.class,
                io.streamkit.archfixture.options.NonFinalOptions.class);

    assertThat(frozen.evaluate(existing).hasViolation()).as("first run records").isFalse();
    assertThat(store.violations.values().iterator().next()).anyMatch(v -> v.contains("NonFinal"));
    assertThat(frozen.evaluate(existing).hasViolation()).as("recorded violation").isFalse();

    String details = violations(frozen, importPackages("io.streamkit.archfixture.options"));
    assertThat(details).contains("PublicConstructorOptions").doesNotContain("NonFinalOptions");
  }

  @Test
  void classInOrgApacheFails() {
    String details =
        violations(
            Rules.NO_CLASSES_IN_ORG_APACHE,
            importPackages("org.apache.spark.archfixture", "io.streamkit.archfixture.api"));
    assertThat(details)
        .contains("org.apache.spark.archfixture.SparkType")
        .doesNotContain("PublicApi");
  }

  @Test
  void publicTypesAreThoseReachableFromOutside() {
    Map<String, Set<String>> actual = fixtureApi();
    assertThat(actual)
        .containsExactly(
            Map.entry("m", Set.of(PublicApi.class.getName(), PublicApi.Nested.class.getName())));
  }

  @Test
  void publicTypeNotListedAndListedTypeGoneFail(@TempDir Path dir) {
    Map<String, Set<String>> listed =
        Map.of("m", Set.of(PublicApi.class.getName(), "io.streamkit.archfixture.api.Gone"));

    Optional<String> diff = PublicTypes.diff(fixtureApi(), listed, dir);

    assertThat(diff).isPresent();
    assertThat(diff.get())
        .contains("+ io.streamkit.archfixture.api.PublicApi$Nested")
        .contains("- io.streamkit.archfixture.api.Gone")
        .contains(dir.resolve("m.txt").toString())
        .contains("-Dstreamkit.allowlist.update=true")
        .doesNotContain("+ io.streamkit.archfixture.api.PublicApi ");
  }

  @Test
  void missingAndStaleAllowlistFilesFail(@TempDir Path dir) {
    Optional<String> diff =
        PublicTypes.diff(fixtureApi(), Map.of("old-module", Set.of("a.B")), dir);

    assertThat(diff.orElseThrow())
        .contains(dir.resolve("m.txt") + " is missing")
        .contains("+ io.streamkit.archfixture.api.PublicApi$Nested")
        .contains(dir.resolve("old-module.txt") + " lists public types of old-module");
  }

  @Test
  void writtenAllowlistsAgreeWithTheCode(@TempDir Path dir) {
    PublicTypes.write(Map.of("old-module", Set.of("a.B")), dir);
    PublicTypes.write(fixtureApi(), dir);

    Map<String, Set<String>> listed = PublicTypes.listed(dir);

    assertThat(listed).isEqualTo(fixtureApi());
    assertThat(PublicTypes.diff(fixtureApi(), listed, dir)).isEmpty();
  }

  private static Map<String, Set<String>> fixtureApi() {
    return PublicTypes.actual(
        importPackages("io.streamkit.archfixture.api"), Set.of("m"), c -> "m");
  }

  /** A violation store that keeps its violations in memory, so the real store stays untouched. */
  private static final class InMemoryStore implements ViolationStore {
    final Map<String, List<String>> violations = new HashMap<>();

    @Override
    public void initialize(Properties properties) {}

    @Override
    public boolean contains(ArchRule rule) {
      return violations.containsKey(rule.getDescription());
    }

    @Override
    public void save(ArchRule rule, List<String> violations) {
      this.violations.put(rule.getDescription(), List.copyOf(violations));
    }

    @Override
    public List<String> getViolations(ArchRule rule) {
      return violations.getOrDefault(rule.getDescription(), List.of());
    }
  }
}
