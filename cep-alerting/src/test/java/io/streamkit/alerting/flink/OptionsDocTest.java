package io.streamkit.alerting.flink;

import io.streamkit.docs.FlinkOptionSpecs;
import io.streamkit.docs.OptionsDoc;
import org.junit.jupiter.api.Test;

class OptionsDocTest {
  @Test
  void cepAlertingDocListsTheOptionsAsDeclared() {
    OptionsDoc.check(
        "cep-alerting.md",
        AlertingOptions.class.getName(),
        FlinkOptionSpecs.of(AlertingOptions.class));
  }
}
