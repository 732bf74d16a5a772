package io.streamkit.logs;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Bounded lock-free queue of log lines for many logging threads and one draining thread at a time
 * (an MPSC array queue). {@link #offer} is one compare-and-set and one release store, never waits
 * and never wakes a thread: the drainer polls. Each producer's lines come out in the order it
 * offered them.
 */
final class EventQueue {
  private final AtomicReferenceArray<String> slots;
  private final int mask;
  private final int capacity;
  private final AtomicLong tail = new AtomicLong(); // next index a producer claims
  private final AtomicLong head = new AtomicLong(); // next index the drainer takes; drainer writes

  EventQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("queue capacity must be positive: " + capacity);
    }
    int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
    this.slots = new AtomicReferenceArray<>(size);
    this.mask = size - 1;
    this.capacity = capacity;
  }

  /** False when {@code capacity} lines are waiting. */
  boolean offer(String line) {
    long index;
    do {
      index = tail.get();
      if (index - head.get() >= capacity) {
        return false;
      }
    } while (!tail.compareAndSet(index, index + 1));
    // The slot was emptied by the drainer before it moved head past it (capacity <= size).
    slots.setRelease((int) (index & mask), line);
    return true;
  }

  /**
   * Moves up to {@code max} lines, oldest first, into {@code out}; one draining thread at a time.
   * Stops at a slot claimed but not yet written, which the next call picks up.
   */
  int drainTo(List<String> out, int max) {
    return drain(out, head.get() + max, false);
  }

  /**
   * Moves every line claimed before this call into {@code out}, oldest first, waiting for a slot
   * that a producer claimed but has not written yet (it is between two instructions of {@link
   * #offer}). Lines claimed after the call stay. Only one thread drains at a time.
   */
  int drainClaimed(List<String> out) {
    return drain(out, tail.get(), true);
  }

  /** Moves the lines before index {@code end}; at an unwritten slot, waits or stops. */
  private int drain(List<String> out, long end, boolean waitForUnwritten) {
    long index = head.get();
    int taken = 0;
    while (index < end) {
      int slot = (int) (index & mask);
      String line = slots.getAcquire(slot);
      if (line == null) {
        if (!waitForUnwritten) {
          break;
        }
        Thread.onSpinWait();
        continue;
      }
      slots.setPlain(slot, null);
      out.add(line);
      index++;
      taken++;
    }
    if (taken > 0) {
      head.setRelease(index);
    }
    return taken;
  }

  /** True when no line was offered that the drainer has not taken. */
  boolean isEmpty() {
    return tail.get() == head.get();
  }
}
