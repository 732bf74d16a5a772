package io.streamkit.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class IntervalSketchTest {
  private static final long T0 = 1_700_000_000_000L; // a multiple of 10 s

  @Test
  void windowsAreAlignedToTheEpochAndReadingDoesNotConsumeThem() {
    IntervalSketch sketch = new IntervalSketch(10_000, T0 + 3_000);
    for (int i = 1; i <= 100; i++) {
      sketch.record(i, T0 + 3_000 + i);
    }
    assertThat(sketch.completed(T0 + 9_999).count()).isZero(); // the window still runs

    SketchWindow first = sketch.completed(T0 + 10_000);
    assertThat(first.start()).isEqualTo(T0);
    assertThat(first.end()).isEqualTo(T0 + 10_000);
    assertThat(first.count()).isEqualTo(100);
    assertThat(first.percentile(50)).isEqualTo(50);
    assertThat(first.percentile(100)).isEqualTo(100);
    // A second reader (another reporter) sees the same window.
    assertThat(sketch.completed(T0 + 12_000)).isSameAs(first);

    sketch.record(7, T0 + 15_000);
    SketchWindow second = sketch.completed(T0 + 20_000);
    assertThat(second.start()).isEqualTo(T0 + 10_000);
    assertThat(second.count()).isEqualTo(1);
  }

  @Test
  void aQuietStretchReportsTheEmptyWindowBeforeNow() {
    IntervalSketch sketch = new IntervalSketch(10_000, T0);
    SketchWindow quiet = sketch.completed(T0 + 35_000);
    assertThat(quiet.start()).isEqualTo(T0 + 20_000);
    assertThat(quiet.count()).isZero();
  }

  @Test
  void anOriginInTheFutureIsCountedAsSkewAndRecordedAsZero() {
    IntervalSketch sketch = new IntervalSketch(1_000, T0);
    assertThat(sketch.record(-60_000, T0 + 1)).isTrue();
    assertThat(sketch.record(20, T0 + 2)).isFalse();
    SketchWindow window = sketch.completed(T0 + 1_000);
    assertThat(window.skewed()).isEqualTo(1);
    assertThat(window.count()).isEqualTo(2);
    assertThat(window.histogram().getMinValue()).isZero();
    assertThat(window.histogram().getMaxValue()).isEqualTo(20);
  }

  @Test
  void theTextFormRoundTripsAndMergesAcrossSubtasks() throws Exception {
    IntervalSketch a = new IntervalSketch(1_000, T0);
    IntervalSketch b = new IntervalSketch(1_000, T0);
    for (int i = 0; i < 900; i++) {
      a.record(10, T0 + 1);
    }
    for (int i = 0; i < 100; i++) {
      b.record(1_000, T0 + 1);
    }
    ObjectMapper json = new ObjectMapper();
    Histogram merged = new Histogram(3);
    for (IntervalSketch s : new IntervalSketch[] {a, b}) {
      JsonNode doc = json.readTree(SketchWindow.encode(s.recent(T0 + 1_000)));
      assertThat(doc.get("schema").asInt()).isEqualTo(2);
      assertThat(doc.get("windows")).hasSize(1);
      JsonNode window = doc.get("windows").get(0);
      assertThat(window.get("start").asLong()).isEqualTo(T0);
      assertThat(window.get("end").asLong()).isEqualTo(T0 + 1_000);
      merged.add(SketchWindow.decodeHistogram(window.get("hdr").asText()));
    }
    // The p95 of the merged buckets is the slow subtask's value; an average of the two
    // subtasks' p95s (10 and 1,000) would say 505.
    assertThat(merged.getTotalCount()).isEqualTo(1_000);
    assertThat(merged.getValueAtPercentile(95)).isEqualTo(1_000);
    assertThat(merged.getValueAtPercentile(50)).isEqualTo(10);
  }

  /**
   * Flink schedules reporters with a fixed delay: at equal intervals a report drifts past a window
   * boundary now and then, and a pause delays one further. With only the last completed window on
   * show, the window before it was lost; the recent ones are all still there.
   */
  @Test
  void aReaderThatComesLateStillFindsEveryWindow() {
    IntervalSketch sketch = new IntervalSketch(1_000, T0);
    Map<Long, Long> countByStart = new TreeMap<>();
    long read = T0;
    for (long t = T0; t < T0 + 30_000; t += 10) {
      sketch.record(5, t); // 100 values in every window
      if (t >= read) {
        for (SketchWindow w : sketch.recent(t)) {
          countByStart.putIfAbsent(w.start(), w.count());
        }
        read = t + 1_000 + (t % 3 == 0 ? 1_900 : 7); // late by 7 ms, now and then by 1.9 s
      }
    }
    for (SketchWindow w : sketch.recent(T0 + 30_000)) {
      countByStart.putIfAbsent(w.start(), w.count());
    }
    assertThat(countByStart)
        .hasSize(30)
        .allSatisfy((start, count) -> assertThat(count).isEqualTo(100));
  }

  @Test
  void theLastWindowsAreKeptByCountSoAQuietStretchLosesNoneAndNobodyReadingGrowsNothing() {
    IntervalSketch sketch = new IntervalSketch(1_000, T0);
    for (long t = T0; t < T0 + 100_000; t += 100) {
      sketch.record(5, t);
    }
    // A broker outage: no record and no read for a minute, then a record and a read.
    sketch.record(9, T0 + 160_500);
    List<SketchWindow> recent = sketch.recent(T0 + 161_000);
    assertThat(recent)
        .extracting(SketchWindow::start)
        .containsExactly(T0 + 98_000, T0 + 99_000, T0 + 160_000);
    assertThat(recent).hasSize(IntervalSketch.RETAINED_WINDOWS);
  }

  @Test
  void finishingCompletesTheWindowInProgressNextToTheUnreadOnes() {
    IntervalSketch sketch = new IntervalSketch(10_000, T0);
    for (int i = 0; i < 10; i++) {
      sketch.record(5, T0 + 1_000);
    }
    sketch.record(-3, T0 + 12_000); // the next window, still running when the task closes
    sketch.record(40, T0 + 13_000);

    SketchWindow last = sketch.finish(T0 + 14_000);
    assertThat(last.start()).isEqualTo(T0 + 10_000);
    assertThat(last.count()).isEqualTo(2);
    assertThat(last.skewed()).isEqualTo(1);
    assertThat(last.histogram().getMaxValue()).isEqualTo(40);
    // Reading later, long after the windows' ends, still gives both: the final reading has them.
    assertThat(sketch.recent(T0 + 600_000))
        .extracting(SketchWindow::start, SketchWindow::count)
        .containsExactly(tuple(T0, 10L), tuple(T0 + 10_000, 2L));
    assertThat(sketch.completed(T0 + 60_000)).isSameAs(last);
    assertThat(sketch.finish(T0 + 70_000)).isSameAs(last);
  }

  @Test
  void finishingAfterAQuietWindowKeepsOnlyTheWindowInProgress() {
    IntervalSketch sketch = new IntervalSketch(10_000, T0);
    sketch.record(7, T0 + 25_000);
    SketchWindow last = sketch.finish(T0 + 26_000);
    assertThat(last.start()).isEqualTo(T0 + 20_000);
    assertThat(last.count()).isEqualTo(1);
    assertThat(sketch.recent(T0 + 26_000)).containsExactly(last);
  }
}
