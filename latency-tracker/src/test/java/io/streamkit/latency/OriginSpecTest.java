package io.streamkit.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OriginSpecTest {
  @Test
  void readsTheThreeForms() {
    assertThat(OriginSpec.parse("k", "kafka-timestamp").kind())
        .isEqualTo(OriginSpec.Kind.RECORD_TIMESTAMP);
    assertThat(OriginSpec.parse("k", " field:event_time ")).hasToString("field:event_time");
    assertThat(OriginSpec.parse("k", "header:origin-ms").kind()).isEqualTo(OriginSpec.Kind.HEADER);
    assertThat(OriginSpec.parse("k", "header:origin-ms").name()).isEqualTo("origin-ms");
  }

  @Test
  void anythingElseIsRefusedNamingTheKeyAndTheForms() {
    for (String bad : new String[] {"", "field:", "column:x", "timestamp"}) {
      assertThatThrownBy(() -> OriginSpec.parse("streamkit.latency.origin.t", bad))
          .hasMessageContaining("'streamkit.latency.origin.t' = '" + bad + "' is not an origin")
          .hasMessageContaining("'kafka-timestamp'")
          .hasMessageContaining("'field:<column>'");
    }
  }
}
