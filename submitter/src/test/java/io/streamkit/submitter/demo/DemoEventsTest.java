package io.streamkit.submitter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's diagnosis of a mismatch: which enriched events are missing, as ranges. */
class DemoEventsTest {
  private final DemoEvents sample = DemoEvents.generate(100, 42, 1_700_000_000_000L);

  @Test
  void nothingMissingWhenEveryEnrichedEventIsThere() {
    assertThat(sample.missingIds(enriched(-1, -1))).isEqualTo("none");
  }

  @Test
  void aLostStretchIsOneRangeEvenAcrossEventsTheOutputSkips() {
    String missing = sample.missingIds(enriched(30, 60));
    assertThat(missing).doesNotContain(",").matches("3[0-9]-[56][0-9]");
  }

  @Test
  void separateLossesAreSeparateRanges() {
    List<String> records = new java.util.ArrayList<>(enriched(-1, -1));
    records.removeIf(r -> r.contains("\"event_id\":5,") || r.contains("\"event_id\":80,"));
    assertThat(sample.missingIds(records)).contains(", ");
  }

  /** The enriched output as the job writes it, without the events whose id is in [from, to]. */
  private List<String> enriched(long from, long to) {
    return sample.json().stream()
        .filter(j -> !j.contains("\"system_id\":\"3001\""))
        .filter(
            j -> {
              long id = Long.parseLong(j.replaceAll("^\\{\"event_id\":(\\d+),.*", "$1"));
              return id < from || id > to;
            })
        .toList();
  }
}
