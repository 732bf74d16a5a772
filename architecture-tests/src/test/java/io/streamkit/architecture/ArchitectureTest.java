package io.streamkit.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assertions;

/**
 * The rules of docs/architecture.md over the main classes of every module (the jars listed in this
 * module's pom; {@link ModuleCoverageTest} makes sure that list is complete).
 */
@AnalyzeClasses(locations = StreamkitModules.class)
class ArchitectureTest {

  @ArchTest static final ArchRule engineNeutralCores = Rules.ENGINE_NEUTRAL_CORES;

  @ArchTest
  static final ArchRule engineNeutralArtifacts =
      Rules.engineNeutralArtifacts(
          c -> StreamkitModules.of(c).map(StreamkitModules.Module::artifactId));

  /** The rule above checks nothing for an artifact that was renamed or dropped: fail instead. */
  @ArchTest
  static void engineNeutralArtifactsAreChecked(JavaClasses classes) {
    Set<String> modules = new TreeSet<>();
    StreamkitModules.all().forEach(m -> modules.add(m.artifactId()));
    Set<String> missing = new TreeSet<>(Rules.ENGINE_NEUTRAL_ARTIFACTS);
    missing.removeAll(modules);
    Assertions.assertTrue(
        missing.isEmpty(),
        () -> "engine-neutral artifacts not among the checked modules: " + missing);
  }

  @ArchTest static final ArchRule noTestkitInMainCode = Rules.NO_TESTKIT_IN_MAIN_CODE;

  /**
   * Frozen: the violations recorded in src/test/resources/frozen-violations (submitter's picocli
   * mixin {@code SessionOptions}, package-private but with the implicit constructor picocli calls)
   * are accepted; any other class breaking the rule fails.
   */
  @ArchTest
  static final ArchRule optionsClasses =
      FreezingArchRule.freeze(Rules.OPTIONS_CLASSES_ARE_CONSTANT_HOLDERS);

  @ArchTest static final ArchRule noClassesInOrgApache = Rules.NO_CLASSES_IN_ORG_APACHE;

  @ArchTest
  static void publicTypesAreAllowlisted(JavaClasses classes) {
    Set<String> modules = new TreeSet<>();
    StreamkitModules.all().forEach(m -> modules.add(m.artifactId()));
    Map<String, Set<String>> actual =
        PublicTypes.actual(classes, modules, ArchitectureTest::moduleOf);
    Path dir = Path.of(StreamkitModules.requiredProperty("streamkit.allowlists"));
    if (Boolean.getBoolean(PublicTypes.UPDATE_PROPERTY)) {
      PublicTypes.write(actual, dir);
    }
    Optional<String> diff = PublicTypes.diff(actual, PublicTypes.listed(dir), dir);
    diff.ifPresent(Assertions::fail);
  }

  private static String moduleOf(JavaClass javaClass) {
    return StreamkitModules.of(javaClass)
        .map(StreamkitModules.Module::artifactId)
        .orElseThrow(() -> new IllegalStateException("No module found for " + javaClass.getName()));
  }
}
