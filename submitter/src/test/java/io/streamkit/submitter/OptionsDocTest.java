package io.streamkit.submitter;

import io.streamkit.docs.FlinkOptionSpecs;
import io.streamkit.docs.OptionsDoc;
import org.junit.jupiter.api.Test;

class OptionsDocTest {
  @Test
  void cliDocListsTheStreamkitOptionsAsDeclared() {
    OptionsDoc.check(
        "cli.md", StreamkitOptions.class.getName(), FlinkOptionSpecs.of(StreamkitOptions.class));
  }
}
