package io.streamkit.alerting;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Finds the series an event belongs to without checking every series: entries are indexed by their
 * literal metric name and then by one dimension their filter names literally (the first in
 * alphabetical order, e.g. {@code job_name = etl}); an event looks up its own name and, for each
 * indexed dimension, its own value. Only entries whose metric or filter has no literal to index by
 * are checked one by one. Each candidate is then matched in full.
 *
 * @param <T> what an entry carries (an input, a subtask)
 */
public final class SeriesIndex<T> {
  private record Entry<T>(Series series, T value) {}

  private static final class ByMetric<T> {
    final List<Entry<T>> unfiltered = new ArrayList<>();
    final Map<String, Map<String, List<Entry<T>>>> byDimension = new HashMap<>();
  }

  private final Map<String, ByMetric<T>> byMetric = new HashMap<>();
  private final List<Entry<T>> wildcardMetric = new ArrayList<>();
  private int size;

  public void add(Series series, T value) {
    list(series, true).add(new Entry<>(series, value));
    size++;
  }

  /** Removes the entry of this series and value, if there is one. */
  public void remove(Series series, T value) {
    List<Entry<T>> list = list(series, false);
    if (list != null && list.removeIf(e -> e.value.equals(value) && e.series.equals(series))) {
      size--;
    }
  }

  public int size() {
    return size;
  }

  /** Calls {@code action} with the value of every entry whose series the event belongs to. */
  public void forEachMatch(MetricEvent event, Consumer<T> action) {
    ByMetric<T> m = byMetric.get(event.name());
    if (m != null) {
      matchAll(m.unfiltered, event, action);
      for (Map.Entry<String, Map<String, List<Entry<T>>>> dim : m.byDimension.entrySet()) {
        String value = event.tags().get(dim.getKey());
        if (value != null) {
          List<Entry<T>> candidates = dim.getValue().get(value);
          if (candidates != null) {
            matchAll(candidates, event, action);
          }
        }
      }
    }
    matchAll(wildcardMetric, event, action);
  }

  private static <T> void matchAll(List<Entry<T>> entries, MetricEvent event, Consumer<T> action) {
    for (Entry<T> e : entries) {
      if (e.series.matches(event.name(), event.tags())) {
        action.accept(e.value);
      }
    }
  }

  private List<Entry<T>> list(Series s, boolean create) {
    if (!Wildcards.isLiteral(s.metric())) {
      return wildcardMetric;
    }
    ByMetric<T> m =
        create
            ? byMetric.computeIfAbsent(s.metric(), k -> new ByMetric<>())
            : byMetric.get(s.metric());
    if (m == null) {
      return null;
    }
    for (Map.Entry<String, String> f : new TreeMap<>(s.filter()).entrySet()) {
      if (Wildcards.isLiteral(f.getValue())) {
        Map<String, List<Entry<T>>> values =
            create
                ? m.byDimension.computeIfAbsent(f.getKey(), k -> new HashMap<>())
                : m.byDimension.get(f.getKey());
        if (values == null) {
          return null;
        }
        return create
            ? values.computeIfAbsent(f.getValue(), k -> new ArrayList<>())
            : values.get(f.getValue());
      }
    }
    return m.unfiltered;
  }
}
