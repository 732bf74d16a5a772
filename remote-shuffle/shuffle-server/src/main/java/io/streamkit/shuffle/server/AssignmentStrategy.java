package io.streamkit.shuffle.server;

import io.streamkit.shuffle.common.ShuffleSlots;
import io.streamkit.shuffle.common.WorkerInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Chooses a primary and a backup worker for each partition of a new shuffle. */
interface AssignmentStrategy {
  /**
   * @param live the healthy workers, never empty
   * @param load per worker id, how loaded it is now (higher is busier)
   */
  ShuffleSlots assign(List<WorkerInfo> live, Map<String, Long> load, int partitions);

  static AssignmentStrategy named(String name) {
    switch (name) {
      case "round-robin":
        return new RoundRobin();
      case "load-aware":
        return new LoadAware();
      default:
        throw new IllegalArgumentException(
            "unknown assignment '" + name + "': use load-aware or round-robin");
    }
  }

  /** Partitions go to workers in turn; the backup is the next worker. */
  final class RoundRobin implements AssignmentStrategy {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public ShuffleSlots assign(List<WorkerInfo> live, Map<String, Long> load, int partitions) {
      int[] primary = new int[partitions];
      int[] backup = new int[partitions];
      int start = Math.floorMod(next.getAndAdd(partitions), live.size());
      for (int p = 0; p < partitions; p++) {
        primary[p] = (start + p) % live.size();
        backup[p] = (primary[p] + 1) % live.size();
      }
      return new ShuffleSlots(live, primary, backup);
    }
  }

  /**
   * Each partition goes to the least loaded worker at that moment, counting the partitions this
   * assignment already gave it; the backup is the next least loaded other worker.
   */
  final class LoadAware implements AssignmentStrategy {
    @Override
    public ShuffleSlots assign(List<WorkerInfo> live, Map<String, Long> load, int partitions) {
      long[] cost = new long[live.size()];
      for (int w = 0; w < live.size(); w++) {
        cost[w] = load.getOrDefault(live.get(w).id(), 0L);
      }
      List<Integer> order = new ArrayList<>();
      for (int w = 0; w < live.size(); w++) {
        order.add(w);
      }
      int[] primary = new int[partitions];
      int[] backup = new int[partitions];
      for (int p = 0; p < partitions; p++) {
        order.sort(Comparator.comparingLong((Integer w) -> cost[w]).thenComparing(w -> w));
        primary[p] = order.get(0);
        backup[p] = order.size() > 1 ? order.get(1) : order.get(0);
        cost[primary[p]]++;
      }
      return new ShuffleSlots(live, primary, backup);
    }
  }
}
