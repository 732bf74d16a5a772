package io.streamkit.shuffle.server;

import io.streamkit.docs.OptionSpec;
import io.streamkit.docs.OptionsDoc;
import org.junit.jupiter.api.Test;

class OptionsDocTest {
  @Test
  void remoteShuffleDocListsTheServerOptionsAsDeclared() {
    OptionsDoc.check(
        "remote-shuffle.md",
        ServerConfig.class.getName(),
        ServerConfig.options().stream()
            .map(o -> new OptionSpec(o.key(), o.type(), o.defaultValue(), o.description()))
            .toList());
  }
}
