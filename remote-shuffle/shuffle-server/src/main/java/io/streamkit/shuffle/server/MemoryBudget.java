package io.streamkit.shuffle.server;

import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Flow control: bytes received but not yet written are counted against a budget. Above it, the
 * connection that brought the last block stops being read, so TCP pushes back on the producer
 * (whose own in-flight limit then stalls it) instead of the worker running out of memory. Reading
 * resumes once writes bring the count under half the budget.
 */
final class MemoryBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();
  private final Set<Channel> paused = ConcurrentHashMap.newKeySet();
  private final AtomicLong pauses = new AtomicLong();

  MemoryBudget(long limit) {
    this.limit = limit;
  }

  long used() {
    return used.get();
  }

  /** How many times a connection was paused since the start. */
  long pauses() {
    return pauses.get();
  }

  void reserve(long bytes, Channel channel) {
    if (used.addAndGet(bytes) > limit && channel.config().isAutoRead()) {
      channel.config().setAutoRead(false);
      paused.add(channel);
      pauses.incrementAndGet();
      if (used.get() <= limit / 2) {
        resumeAll(); // the writes finished while we were pausing
      }
    }
  }

  void release(long bytes) {
    if (used.addAndGet(-bytes) <= limit / 2 && !paused.isEmpty()) {
      resumeAll();
    }
  }

  private void resumeAll() {
    for (Channel channel : paused) {
      if (paused.remove(channel)) {
        channel.config().setAutoRead(true);
      }
    }
  }
}
