package io.streamkit.submitter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The SLA report of each chain: the end-to-end latency at its final table (origin to visible,
 * merged over every subtask and window, never averaged), against the tolerance, and the job whose
 * hop adds the most.
 */
final class LatencyReport {
  /** One window of the chain's final table, merged over subtasks. */
  record Point(long start, long p50, long p99, long max) {}

  record Chain(
      String chain,
      String finalTable,
      Long toleranceMs,
      long count,
      long p50,
      long p99,
      long max,
      double overTolerance,
      String slowestJob,
      long slowestAddsMs,
      List<Point> series,
      List<Point> breaches) {}

  private LatencyReport() {}

  static List<Chain> build(
      List<LineageChains.Chain> chains,
      List<SketchEvents.Window> windows,
      Map<String, Duration> slas) {
    List<LineageChains.Chain> all = new ArrayList<>(chains);
    // Tables timed end to end that are in no recorded chain are reported on their own.
    for (SketchEvents.Window w : windows) {
      if (w.stage().equals("end_to_end")
          && all.stream()
              .noneMatch(c -> c.tables().stream().anyMatch(t -> sameTable(t, w.table())))) {
        all.add(new LineageChains.Chain(List.of(w.table()), List.of(), false));
      }
    }
    for (String table : slas.keySet()) {
      if (all.stream().noneMatch(c -> LineageChains.matches(c.finalTable(), table))) {
        throw new UsageException(
            "The SLA file names table '"
                + table
                + "', which no recorded chain ends at and no job times end to end. Final tables: "
                + all.stream().map(LineageChains.Chain::finalTable).distinct().toList()
                + ". Name one of them, or run its job with streamkit.latency.enabled.");
      }
    }
    List<Chain> reports = new ArrayList<>();
    for (LineageChains.Chain c : all) {
      reports.add(report(c, windows, tolerance(c.finalTable(), slas)));
    }
    return reports;
  }

  private static Long tolerance(String table, Map<String, Duration> slas) {
    return slas.entrySet().stream()
        .filter(e -> LineageChains.matches(table, e.getKey()))
        .map(e -> e.getValue().toMillis())
        .findFirst()
        .orElse(null);
  }

  private static Chain report(LineageChains.Chain c, List<SketchEvents.Window> windows, Long tol) {
    Histogram total = new Histogram(3);
    TreeMap<Long, Histogram> byWindow = new TreeMap<>();
    for (SketchEvents.Window w : endToEnd(windows, c.finalTable())) {
      total.add(w.hdr());
      byWindow.computeIfAbsent(w.start(), s -> new Histogram(3)).add(w.hdr());
    }
    List<Point> series = new ArrayList<>();
    List<Point> breaches = new ArrayList<>();
    byWindow.forEach(
        (start, h) -> {
          Point p =
              new Point(
                  start, h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue());
          series.add(p);
          if (tol != null && p.p99() > tol) {
            breaches.add(p);
          }
        });
    long count = total.getTotalCount();
    double over =
        tol == null || count == 0
            ? 0
            : (count - total.getCountBetweenValues(0, tol)) / (double) count;
    // What each job adds: the median end to end at the table it writes, less that at its input.
    String slowest = null;
    long adds = Long.MIN_VALUE;
    long before = 0;
    for (int i = 0; i < c.jobs().size(); i++) {
      Histogram at = new Histogram(3);
      endToEnd(windows, c.tables().get(i + 1)).forEach(w -> at.add(w.hdr()));
      if (at.getTotalCount() == 0) {
        continue;
      }
      long p50 = at.getValueAtPercentile(50);
      if (p50 - before > adds) {
        adds = p50 - before;
        slowest = c.jobs().get(i);
      }
      before = p50;
    }
    return new Chain(
        c.toString(),
        c.finalTable(),
        tol,
        count,
        count == 0 ? 0 : total.getValueAtPercentile(50),
        count == 0 ? 0 : total.getValueAtPercentile(99),
        total.getMaxValue(),
        over,
        slowest,
        slowest == null ? 0 : adds,
        series,
        breaches);
  }

  private static List<SketchEvents.Window> endToEnd(List<SketchEvents.Window> all, String table) {
    return all.stream()
        .filter(w -> w.stage().equals("end_to_end") && sameTable(table, w.table()))
        .toList();
  }

  // Metric tags may carry the table as Flink's identifiers write it, dots as underscores.
  private static boolean sameTable(String table, String tag) {
    return table.replace('.', '_').equals(tag.replace('.', '_'));
  }
}
