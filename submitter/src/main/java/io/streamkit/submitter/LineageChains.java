package io.streamkit.submitter;

import io.streamkit.catalog.LineageStore.Edge;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Job lineage as chains of datasets: {@code a -[job1]-> b -[job2]-> c}. A chain starts at a dataset
 * no recorded job writes (an ingest table) and follows the jobs that read each dataset to one that
 * no job reads (a final sink). Datasets are matched by their normalized name, shown by the table.
 */
final class LineageChains {
  private record Hop(String job, String to) {}

  private final Map<String, List<Hop>> downstream = new LinkedHashMap<>();
  private final Map<String, String> tableOf = new LinkedHashMap<>();
  private final Set<String> written = new LinkedHashSet<>();

  LineageChains(List<Edge> edges) {
    Map<String, List<Edge>> byJob = new LinkedHashMap<>();
    for (Edge e : edges) {
      byJob.computeIfAbsent(e.jobName(), j -> new ArrayList<>()).add(e);
      tableOf.putIfAbsent(e.dataset(), e.table());
    }
    for (Map.Entry<String, List<Edge>> job : byJob.entrySet()) {
      for (Edge in : job.getValue()) {
        if (!in.direction().equals("source")) {
          continue;
        }
        for (Edge out : job.getValue()) {
          if (out.direction().equals("sink")) {
            downstream
                .computeIfAbsent(in.dataset(), d -> new ArrayList<>())
                .add(new Hop(job.getKey(), out.dataset()));
            written.add(out.dataset());
          }
        }
      }
    }
  }

  /** One chain: {@code tables.get(i)} is read by {@code jobs.get(i)}, which writes the next. */
  record Chain(List<String> tables, List<String> jobs, boolean cycle) {
    String finalTable() {
      return tables.get(tables.size() - 1);
    }

    boolean through(String table) {
      return tables.stream().anyMatch(t -> matches(t, table));
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(tables.get(0));
      for (int i = 0; i < jobs.size(); i++) {
        s.append(" -[").append(jobs.get(i)).append("]-> ").append(tables.get(i + 1));
      }
      return cycle ? s + " (cycle)" : s.toString();
    }
  }

  /** Every chain from an ingest dataset to a final one, as text; with {@code table}, through it. */
  List<String> chains(String table) {
    return all().stream()
        .filter(c -> table == null || c.through(table))
        .map(Chain::toString)
        .toList();
  }

  /** Every chain from an ingest dataset to a final one. */
  List<Chain> all() {
    List<Chain> chains = new ArrayList<>();
    for (String start : downstream.keySet()) {
      if (!written.contains(start)) {
        walk(start, new ArrayList<>(List.of(start)), new ArrayList<>(), chains);
      }
    }
    return chains;
  }

  /** Whether {@code table} (full name or its last parts) is a dataset of the recorded lineage. */
  boolean knows(String table) {
    return tableOf.values().stream().anyMatch(t -> matches(t, table))
        || tableOf.keySet().stream().anyMatch(d -> matches(d, table));
  }

  private void walk(String dataset, List<String> path, List<String> jobs, List<Chain> into) {
    List<Hop> hops = downstream.getOrDefault(dataset, List.of());
    if (hops.isEmpty()) {
      into.add(new Chain(names(path), List.copyOf(jobs), false));
      return;
    }
    for (Hop hop : hops) {
      jobs.add(hop.job());
      if (path.contains(hop.to())) {
        List<String> looped = new ArrayList<>(path);
        looped.add(hop.to());
        into.add(new Chain(names(looped), List.copyOf(jobs), true));
      } else {
        path.add(hop.to());
        walk(hop.to(), path, jobs, into);
        path.remove(path.size() - 1);
      }
      jobs.remove(jobs.size() - 1);
    }
  }

  private List<String> names(List<String> datasets) {
    return datasets.stream().map(this::name).toList();
  }

  private String name(String dataset) {
    return tableOf.getOrDefault(dataset, dataset);
  }

  // "dw.orders" matches "streamkit.dw.orders": users name tables as they write them in SQL.
  static boolean matches(String full, String table) {
    return full.equals(table) || full.endsWith("." + table);
  }
}
