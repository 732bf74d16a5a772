package io.streamkit.shuffle.spark;

import io.streamkit.docs.OptionSpec;
import io.streamkit.docs.OptionsDoc;
import org.junit.jupiter.api.Test;

class OptionsDocTest {
  @Test
  void remoteShuffleDocListsTheSparkOptionsAsDeclared() {
    OptionsDoc.check(
        "remote-shuffle.md",
        ShuffleOptions.class.getName(),
        ShuffleOptions.options().stream()
            .map(o -> new OptionSpec(o.key(), o.type(), o.defaultValue(), o.description()))
            .toList());
  }
}
