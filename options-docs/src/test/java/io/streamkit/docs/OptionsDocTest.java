package io.streamkit.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsDocTest {
  private static final List<OptionSpec> OPTIONS =
      List.of(
          new OptionSpec("a.port", "Integer", "19090", "port it listens on"),
          new OptionSpec("a.host", "String", "", "address | host name"),
          new OptionSpec("a.keys", "List<String>", null, "keys,\n  one per line"));

  private static final String TABLE =
      """
      | key | default | type | description |
      |---|---|---|---|
      | `a.port` | `19090` | Integer | port it listens on |
      | `a.host` | (none) | String | address \\| host name |
      | `a.keys` | (none) | List&lt;String&gt; | keys, one per line |
      """;

  @TempDir Path dir;

  @Test
  void rendersOneRowPerOptionInDeclarationOrder() {
    assertThat(OptionsDoc.render(OPTIONS)).isEqualTo(TABLE);
  }

  @Test
  void aMatchingTablePassesAndADriftedOneFailsWithTheDiffAndTheCommand() throws Exception {
    Path doc = doc("intro\n<!-- options:begin T -->\n" + TABLE + "<!-- options:end -->\nrest\n");
    OptionsDoc.check(doc, "T", OPTIONS, "CMD");

    Files.writeString(doc, Files.readString(doc).replace("`19090`", "`19091`"));
    assertThatThrownBy(() -> OptionsDoc.check(doc, "T", OPTIONS, "CMD"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("does not match the code")
        .hasMessageContaining("- | `a.port` | `19091` |")
        .hasMessageContaining("+ | `a.port` | `19090` |")
        .hasMessageContaining("Regenerate it with: CMD");
  }

  @Test
  void aMissingOrUndeclaredOptionIsDrift() throws Exception {
    Path doc = doc("<!-- options:begin T -->\n" + TABLE + "<!-- options:end -->\n");
    assertThatThrownBy(() -> OptionsDoc.check(doc, "T", OPTIONS.subList(0, 2), "CMD"))
        .hasMessageContaining("- | `a.keys` |");
    List<OptionSpec> more =
        List.of(
            OPTIONS.get(0),
            OPTIONS.get(1),
            OPTIONS.get(2),
            new OptionSpec("b", "Boolean", "true", "on"));
    assertThatThrownBy(() -> OptionsDoc.check(doc, "T", more, "CMD"))
        .hasMessageContaining("+ | `b` | `true` | Boolean | on |");
  }

  @Test
  void regenerateRewritesOnlyTheTableBetweenItsMarkers() throws Exception {
    String other = "<!-- options:begin U -->\nold U\n<!-- options:end -->\n";
    Path doc = doc("intro\n<!-- options:begin T -->\nold\n<!-- options:end -->\n" + other);
    System.setProperty(OptionsDoc.REGENERATE, "true");
    try {
      OptionsDoc.check(doc, "T", OPTIONS, "CMD");
    } finally {
      System.clearProperty(OptionsDoc.REGENERATE);
    }
    assertThat(Files.readString(doc))
        .isEqualTo("intro\n<!-- options:begin T -->\n" + TABLE + "<!-- options:end -->\n" + other);
    OptionsDoc.check(doc, "T", OPTIONS, "CMD");
  }

  @Test
  void aDocWithoutTheMarkersSaysWhichLinesToAdd() throws Exception {
    Path doc = doc("| key | default |\n");
    assertThatThrownBy(() -> OptionsDoc.check(doc, "T", OPTIONS, "CMD"))
        .hasMessageContaining("has no table for T")
        .hasMessageContaining("<!-- options:begin T -->\n<!-- options:end -->");
  }

  @Test
  void aDescriptionRepeatingItsDefaultFailsEvenWhenTheTableMatches() throws Exception {
    List<OptionSpec> options =
        List.of(
            new OptionSpec("t", "Duration", "5 s", "how long it waits (default: 5s)"),
            new OptionSpec("p", "Integer", "8", "threads. Defaults to 8 on every machine"),
            new OptionSpec("q", "Boolean", "false", "Default false."),
            new OptionSpec("s", "MemorySize", "64 mb", "buffer; 64mb by default"),
            new OptionSpec("u", "String", null, "user. Default: none (driver default)."));
    assertThat(OptionsDoc.repeatedDefaults(options))
        .hasSize(5)
        .allMatch(m -> m.contains("repeats the default"))
        .anyMatch(m -> m.startsWith("'t'"))
        .anyMatch(m -> m.startsWith("'p'"))
        .anyMatch(m -> m.startsWith("'q'"))
        .anyMatch(m -> m.startsWith("'s'"))
        .anyMatch(m -> m.startsWith("'u'"));
    Path doc =
        doc("<!-- options:begin T -->\n" + OptionsDoc.render(options) + "<!-- options:end -->\n");
    assertThatThrownBy(() -> OptionsDoc.check(doc, "T", options, "CMD"))
        .hasMessageContaining(
            "'t': the description repeats the default ('how long it waits (default: 5s)')");
  }

  @Test
  void otherMentionsOfDefaultOrOfTheValueAreFine() {
    assertThat(
            OptionsDoc.repeatedDefaults(
                List.of(
                    new OptionSpec(
                        "c", "Boolean", "true", "make it the default catalog; true keeps it"),
                    new OptionSpec("n", "Integer", "1", "default 10 is not the default 1x"),
                    new OptionSpec("x", "String", null, "Unset: the default is computed"))))
        .isEmpty();
  }

  private Path doc(String text) throws Exception {
    Path doc = dir.resolve("x.md");
    Files.writeString(doc, text);
    return doc;
  }
}
