package io.streamkit.alerting;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The samples every rule reads, kept once per distinct input: rules whose series name the same
 * metric, filter, figure and group-by share one {@link Input}, however many rules, windows,
 * aggregations or offsets read it. Events reach inputs through an index on the metric name, so an
 * event costs a look-up plus the inputs of its own metric, not one check per rule.
 */
final class SeriesStore {
  /** The samples of one input, by group (the group-by dimensions' values) and metric instance. */
  static final class Input {
    final Series series;
    final List<String> groupBy;
    final Map<List<String>, Map<String, SampleBuffer>> groups = new HashMap<>();
    long retentionMs;
    int readers;

    Input(Series series, List<String> groupBy) {
      this.series = series;
      this.groupBy = groupBy;
    }

    void accept(MetricEvent e, String instance) {
      double v = e.value(series.field());
      if (Double.isNaN(v)) {
        return;
      }
      List<String> group = new ArrayList<>(groupBy.size());
      for (String dim : groupBy) {
        group.add(e.tags().getOrDefault(dim, ""));
      }
      groups
          .computeIfAbsent(group, g -> new HashMap<>())
          .computeIfAbsent(instance, i -> new SampleBuffer())
          .add(e.timestamp(), v, retentionMs);
    }

    /** Forgets groups and instances with no sample since {@code oldest}. */
    void evict(long oldest) {
      groups.values().forEach(instances -> instances.values().removeIf(b -> b.newest() < oldest));
      groups.values().removeIf(Map::isEmpty);
    }
  }

  private final Map<String, Input> inputs = new HashMap<>();
  private final SeriesIndex<Input> index = new SeriesIndex<>();

  /** The shared input of a rule's series; call {@link #release} when the rule goes. */
  Input acquire(Series s, List<String> groupBy, long retentionMs) {
    String key = s.metric() + "|" + new TreeMap<>(s.filter()) + "|" + s.field() + "|" + groupBy;
    // (the key also names the input's samples in a checkpoint)
    Input input =
        inputs.computeIfAbsent(
            key,
            k -> {
              Input in =
                  new Input(
                      new Series(null, s.metric(), s.filter(), null, null, s.field()), groupBy);
              index.add(in.series, in);
              return in;
            });
    input.readers++;
    input.retentionMs = Math.max(input.retentionMs, retentionMs);
    return input;
  }

  void release(Input input) {
    if (--input.readers > 0) {
      return;
    }
    inputs.values().remove(input);
    index.remove(input.series, input);
  }

  /**
   * Adds the event to every input it matches, telling {@code matched} of each; returns how many.
   */
  int accept(MetricEvent e, java.util.function.Consumer<Input> matchedInput) {
    int[] matched = {0};
    String[] instance = {null}; // the event's full set of dimensions, built once if needed
    index.forEachMatch(
        e,
        in -> {
          if (instance[0] == null) {
            instance[0] = instance(e);
          }
          in.accept(e, instance[0]);
          matchedInput.accept(in);
          matched[0]++;
        });
    return matched[0];
  }

  /** Every input's samples, by input key: what a checkpoint keeps. */
  Map<String, Map<List<String>, Map<String, SampleBuffer>>> samples() {
    Map<String, Map<List<String>, Map<String, SampleBuffer>>> out = new HashMap<>();
    inputs.forEach((key, in) -> out.put(key, in.groups));
    return out;
  }

  /** Adds saved samples to the inputs that exist now (of the rules restored). */
  void restoreSamples(Map<String, Map<List<String>, Map<String, SampleBuffer>>> saved) {
    saved.forEach(
        (key, groups) -> {
          Input in = inputs.get(key);
          if (in != null) {
            groups.forEach(
                (g, instances) ->
                    in.groups.computeIfAbsent(g, k -> new HashMap<>()).putAll(instances));
          }
        });
  }

  int inputCount() {
    return inputs.size();
  }

  void evict(long now) {
    for (Input in : inputs.values()) {
      in.evict(now - in.retentionMs);
    }
  }

  /**
   * The value of {@code aggregate} over the samples of one group with {@code from < time <= to};
   * NaN when there are none.
   */
  static double aggregate(
      Input input, List<String> group, Aggregate aggregate, long from, long to) {
    Map<String, SampleBuffer> instances = input.groups.get(group);
    if (instances == null) {
      return Double.NaN;
    }
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    double sum = 0;
    double sumOfLast = 0;
    double rate = 0;
    double totalIncrease = 0;
    boolean anyRate = false;
    long count = 0;
    long lastTime = Long.MIN_VALUE;
    double last = Double.NaN;
    for (SampleBuffer b : instances.values()) {
      long firstT = 0;
      double prev = 0;
      double increase = 0;
      long lastT = Long.MIN_VALUE;
      double instanceLast = Double.NaN;
      int n = 0;
      for (int i = 0; i < b.size(); i++) {
        long t = b.time(i);
        if (t <= from || t > to) {
          continue;
        }
        double v = b.value(i);
        max = Math.max(max, v);
        min = Math.min(min, v);
        sum += v;
        count++;
        if (n == 0) {
          firstT = t;
        } else {
          increase += v >= prev ? v - prev : v; // a counter reset starts from 0
        }
        prev = v;
        n++;
        if (t >= lastT) {
          lastT = t;
          instanceLast = v;
        }
      }
      if (n == 0) {
        continue;
      }
      sumOfLast += instanceLast;
      if (lastT > lastTime) {
        lastTime = lastT;
        last = instanceLast;
      }
      if (n >= 2 && lastT > firstT) {
        rate += increase / ((lastT - firstT) / 1000.0);
        totalIncrease += increase;
        anyRate = true;
      }
    }
    if (count == 0) {
      return Double.NaN;
    }
    return switch (aggregate) {
      case MAX -> max;
      case MIN -> min;
      case AVG -> sum / count;
      case SUM -> sumOfLast;
      case LAST -> last;
      case COUNT -> count;
      case RATE -> anyRate ? rate : Double.NaN;
      case INCREASE -> anyRate ? totalIncrease : 0;
    };
  }

  /**
   * The latest time within {@code (from, to]} at which a sample of the group was above the sample
   * before it (a counter that moved), or {@code from} when none was.
   */
  static long lastIncrease(Input input, List<String> group, long from, long to) {
    Map<String, SampleBuffer> instances = input.groups.get(group);
    long last = from;
    if (instances == null) {
      return last;
    }
    for (SampleBuffer b : instances.values()) {
      for (int i = 1; i < b.size(); i++) {
        long t = b.time(i);
        if (t > last && t <= to && b.value(i) > b.value(i - 1)) {
          last = t;
        }
      }
    }
    return last;
  }

  /** Every group any of these inputs holds, as dimension -> value maps in group-by order. */
  static Map<List<String>, Map<String, String>> groups(List<Input> inputs, List<String> groupBy) {
    Map<List<String>, Map<String, String>> out = new LinkedHashMap<>();
    for (Input in : inputs) {
      for (List<String> g : in.groups.keySet()) {
        out.computeIfAbsent(
            g,
            k -> {
              Map<String, String> dims = new LinkedHashMap<>();
              for (int i = 0; i < groupBy.size(); i++) {
                dims.put(groupBy.get(i), k.get(i));
              }
              return dims;
            });
      }
    }
    return out;
  }

  private static String instance(MetricEvent e) {
    return new TreeMap<>(e.tags()).toString();
  }
}
