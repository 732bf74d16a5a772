package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The report's figures from known windows: merged, never averaged, hop by hop. */
class LatencyReportTest {
  private final LineageChains.Chain chain =
      new LineageChains.Chain(List.of("s.a", "s.b", "s.c"), List.of("first", "second"), false);

  private static SketchEvents.Window window(String table, long start, long... latencies) {
    Histogram h = new Histogram(3);
    for (long l : latencies) {
      h.recordValue(l);
    }
    return new SketchEvents.Window(
        "job", table.replace('.', '_'), "end_to_end", start, start + 1000, h);
  }

  @Test
  void percentilesComeFromTheMergedWindowsAndTheSlowestHopIsTheOneAddingMost() {
    List<SketchEvents.Window> windows = new ArrayList<>();
    windows.add(window("s.b", 0, 100, 100, 100));
    windows.add(window("s.c", 0, 150, 150, 150, 150));
    windows.add(window("s.c", 1000, 900)); // another subtask's slow window
    LatencyReport.Chain r =
        LatencyReport.build(List.of(chain), windows, Map.of("s.c", Duration.ofMillis(500))).get(0);
    assertThat(r.count()).isEqualTo(5);
    assertThat(r.p50()).isEqualTo(150);
    assertThat(r.max()).isBetween(899L, 901L);
    assertThat(r.overTolerance()).isEqualTo(0.2);
    assertThat(r.slowestJob()).isEqualTo("first"); // 100 ms of the 150
    assertThat(r.breaches()).extracting(LatencyReport.Point::start).containsExactly(1000L);
  }

  @Test
  void anSlaForATableNoChainEndsAtNamesTheFinalTables() {
    assertThatThrownBy(
            () ->
                LatencyReport.build(
                    List.of(chain), List.of(), Map.of("dw.nowhere", Duration.ofSeconds(1))))
        .hasMessageContaining("'dw.nowhere'")
        .hasMessageContaining("s.c");
  }
}
