package io.streamkit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every module of the build is under the architecture rules, so a new module inherits them. */
class ModuleCoverageTest {

  private static final String SELF = "streamkit-architecture-tests";

  @Test
  void everyModuleWithMainCodeIsChecked() {
    Path root = Path.of(StreamkitModules.requiredProperty("streamkit.root"));
    Set<String> inBuild = new TreeSet<>();
    for (Poms.Pom pom : Poms.jarModulesWithMainCode(root)) {
      inBuild.add(pom.artifactId());
    }
    inBuild.remove(SELF);
    Set<String> checked = new TreeSet<>();
    StreamkitModules.all().forEach(m -> checked.add(m.artifactId()));

    Set<String> missing = new TreeSet<>(inBuild);
    missing.removeAll(checked);
    assertThat(missing)
        .as(
            "Modules of the build that the architecture rules do not see: %s. Add each to"
                + " architecture-tests/pom.xml as a test-scope dependency with the *:* exclusion,"
                + " like the others, and create its public-types/<artifactId>.txt.",
            missing)
        .isEmpty();
    assertThat(checked).as("checked modules that are no longer in the build").isSubsetOf(inBuild);
  }

  @Test
  void rootPomModulesAreRead() {
    // Guards the check above against reading nothing: the layout of docs/architecture.md.
    List<Poms.Pom> poms =
        Poms.jarModulesWithMainCode(Path.of(StreamkitModules.requiredProperty("streamkit.root")));
    assertThat(poms)
        .extracting(Poms.Pom::artifactId)
        .contains(
            "streamkit-testkit",
            "streamkit-shuffle-common",
            "streamkit-submitter",
            "streamkit-small-file-commit-core",
            "streamkit-small-file-commit");
  }
}
