package io.streamkit.architecture;

import static com.tngtech.archunit.core.domain.JavaModifier.FINAL;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The architecture rules, as values, so that {@link ArchitectureTest} checks them on every module
 * and {@link RulesFailOnPurposeTest} shows each one failing on a small synthetic import.
 */
final class Rules {

  private Rules() {}

  /**
   * The small-file merge core (every package under {@code io.streamkit.smallfile} except the {@code
   * spark} and {@code flink} adapters), {@code shuffle-common}, {@code jdbc-common}, the latency
   * sketches ({@code io.streamkit.latency}) and the alert engine ({@code io.streamkit.alerting})
   * are plain Java.
   */
  static final ArchRule ENGINE_NEUTRAL_CORES =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.streamkit.smallfile..",
              "io.streamkit.shuffle.common..",
              "io.streamkit.jdbc..",
              "io.streamkit.latency",
              "io.streamkit.alerting")
          .and()
          .resideOutsideOfPackages(
              "io.streamkit.smallfile.spark..", "io.streamkit.smallfile.flink..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.spark..", "org.apache.flink..")
          .because(
              "the engine-neutral cores are shared by a Spark and a Flink adapter; engine classes"
                  + " belong in the adapter packages (docs/architecture.md)");

  /**
   * The artifacts of the engine-neutral cores. Both engine adapters depend on them, so a Spark or
   * Flink class in them would land on the other engine's class path.
   */
  static final Set<String> ENGINE_NEUTRAL_ARTIFACTS =
      Set.of(
          "streamkit-small-file-commit-core", "streamkit-shuffle-common", "streamkit-jdbc-common");

  /**
   * Every class of an {@link #ENGINE_NEUTRAL_ARTIFACTS engine-neutral artifact}, whatever its
   * package, is plain Java: the package rule above would let a class of an adapter package that
   * ended up in the core jar through.
   *
   * @param artifactOf the artifactId of the module a class was imported from
   */
  static ArchRule engineNeutralArtifacts(Function<JavaClass, Optional<String>> artifactOf) {
    return noClasses()
        .that(
            DescribedPredicate.describe(
                "are in the artifacts " + new TreeSet<>(ENGINE_NEUTRAL_ARTIFACTS),
                (JavaClass c) ->
                    artifactOf.apply(c).filter(ENGINE_NEUTRAL_ARTIFACTS::contains).isPresent()))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.spark..", "org.apache.flink..")
        .because(
            "the Spark and the Flink adapter both depend on these artifacts; engine classes belong"
                + " in the adapter modules (docs/architecture.md)");
  }

  /** testkit is a test-scope library; shipped code never refers to it. */
  static final ArchRule NO_TESTKIT_IN_MAIN_CODE =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.streamkit.testkit..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.streamkit.testkit..")
          .because("testkit is used in test scope only and never shipped");

  /**
   * An {@code XxxOptions} class holds option declarations and is never instantiated or extended.
   * Records and enums are exempt: the language fixes their shape (a record's canonical constructor
   * is as visible as the record).
   */
  static final ArchRule OPTIONS_CLASSES_ARE_CONSTANT_HOLDERS =
      classes()
          .that()
          .haveSimpleNameEndingWith("Options")
          .and()
          .areNotRecords()
          .and()
          .areNotEnums()
          .should()
          .haveModifier(FINAL)
          .andShould()
          .haveOnlyPrivateConstructors()
          .because("an options class only declares options (docs/architecture.md)");

  /** Our code lives in {@code io.streamkit}; a class in an engine's package is a split package. */
  static final ArchRule NO_CLASSES_IN_ORG_APACHE =
      noClasses()
          .should()
          .resideInAPackage("org.apache..")
          .because(
              "a class in an engine's or library's package splits that package and breaks with"
                  + " its next release");
}
