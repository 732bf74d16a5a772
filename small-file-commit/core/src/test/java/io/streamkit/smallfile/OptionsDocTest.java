package io.streamkit.smallfile;

import io.streamkit.docs.OptionSpec;
import io.streamkit.docs.OptionsDoc;
import org.junit.jupiter.api.Test;

class OptionsDocTest {
  @Test
  void smallFileCommitDocListsTheMergeOptionsAsDeclared() {
    OptionsDoc.check(
        "small-file-commit.md",
        MergeOptions.class.getName(),
        MergeOptions.options().stream()
            .map(o -> new OptionSpec(o.key(), o.type(), o.defaultValue(), o.description()))
            .toList());
  }
}
