package io.streamkit.benchmarks.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The fairness rules every benchmark here follows: each side warms up, the sides run interleaved (A
 * B A B ...) for several rounds, and each is summarised as min / median / max; ours against a
 * reference is the ratio of medians, called "level" where the two ranges overlap.
 */
final class Rounds {
  private Rounds() {}

  /** One side of a comparison. Round 0 is its warm-up (unmeasured; it may run a smaller size). */
  interface Trial<R> {
    R run(int round) throws Exception;
  }

  /**
   * Runs round 0 of every trial (warm-up, results dropped), then rounds 1 to {@code rounds}, each
   * round running every trial once in the given order: A B C A B C ... Returns the measured results
   * per trial name, in order.
   */
  static <R> Map<String, List<R>> interleaved(int rounds, Map<String, Trial<R>> trials)
      throws Exception {
    for (Trial<R> trial : trials.values()) {
      trial.run(0);
    }
    Map<String, List<R>> results = new LinkedHashMap<>();
    trials.keySet().forEach(name -> results.put(name, new ArrayList<>()));
    for (int round = 1; round <= rounds; round++) {
      for (Map.Entry<String, Trial<R>> trial : trials.entrySet()) {
        results.get(trial.getKey()).add(trial.getValue().run(round));
      }
    }
    return results;
  }

  /**
   * Like {@link #interleaved}, but round {@code r} starts with trial {@code (r - 1) mod n} (A B C,
   * B C A, C A B, ...), so that with three or more trials none always runs first or right after the
   * same other one: a position effect (a collection, a cache, the previous trial's clean-up) then
   * spreads over all of them instead of favouring one.
   */
  static <R> Map<String, List<R>> rotated(int rounds, Map<String, Trial<R>> trials)
      throws Exception {
    for (Trial<R> trial : trials.values()) {
      trial.run(0);
    }
    List<String> names = new ArrayList<>(trials.keySet());
    Map<String, List<R>> results = new LinkedHashMap<>();
    names.forEach(name -> results.put(name, new ArrayList<>()));
    for (int round = 1; round <= rounds; round++) {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get((round - 1 + i) % names.size());
        results.get(name).add(trials.get(name).run(round));
      }
    }
    return results;
  }

  static double median(double... values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static <R> double median(List<R> results, ToDoubleFunction<R> value) {
    return median(values(results, value));
  }

  static <R> double min(List<R> results, ToDoubleFunction<R> value) {
    return Arrays.stream(values(results, value)).min().orElse(Double.NaN);
  }

  static <R> double max(List<R> results, ToDoubleFunction<R> value) {
    return Arrays.stream(values(results, value)).max().orElse(Double.NaN);
  }

  /** {@code min / median / max}, each in {@code format} (e.g. {@code "%,9.0f"}). */
  static <R> String spread(List<R> results, ToDoubleFunction<R> value, String format) {
    return String.format(
        format + " / " + format + " / " + format,
        min(results, value),
        median(results, value),
        max(results, value));
  }

  /**
   * The ratio of medians, ours over the reference, followed by "level" when the two min-max ranges
   * overlap: a difference inside the run-to-run spread is no win and no loss.
   */
  static <R> String ratio(List<R> ours, List<R> reference, ToDoubleFunction<R> value) {
    double ratio = median(ours, value) / median(reference, value);
    boolean level =
        min(ours, value) <= max(reference, value) && min(reference, value) <= max(ours, value);
    return String.format("%.2f%s", ratio, level ? " (level: ranges overlap)" : "");
  }

  private static <R> double[] values(List<R> results, ToDoubleFunction<R> value) {
    return results.stream().mapToDouble(value).toArray();
  }
}
