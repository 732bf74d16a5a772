package io.streamkit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class EventQueueTest {
  @Test
  void refusesBeyondCapacityAndTakesAgainAfterADrain() {
    EventQueue queue = new EventQueue(3);
    assertThat(queue.offer("a")).isTrue();
    assertThat(queue.offer("b")).isTrue();
    assertThat(queue.offer("c")).isTrue();
    assertThat(queue.offer("d")).isFalse();

    List<String> out = new ArrayList<>();
    assertThat(queue.drainTo(out, 2)).isEqualTo(2);
    assertThat(queue.offer("e")).isTrue();
    assertThat(queue.offer("f")).isTrue();
    assertThat(queue.offer("g")).isFalse();
    while (queue.drainTo(out, 10) > 0) {}

    assertThat(out).containsExactly("a", "b", "c", "e", "f");
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void manyProducersOneDrainerKeepEachProducersOrderAndLoseNothingAccepted() throws Exception {
    int producers = 4;
    int perProducer = 200_000;
    EventQueue queue = new EventQueue(1_000);
    long[] accepted = new long[producers];
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int me = p;
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < perProducer; i++) {
                  if (queue.offer(me + ":" + i)) {
                    accepted[me]++;
                  }
                }
              });
      t.start();
      threads.add(t);
    }
    start.countDown();
    int[] last = new int[producers];
    java.util.Arrays.fill(last, -1);
    long[] taken = new long[producers];
    List<String> batch = new ArrayList<>();
    while (threads.stream().anyMatch(Thread::isAlive) || !queue.isEmpty()) {
      batch.clear();
      queue.drainTo(batch, 500);
      for (String line : batch) {
        int colon = line.indexOf(':');
        int producer = Integer.parseInt(line.substring(0, colon));
        int n = Integer.parseInt(line.substring(colon + 1));
        assertThat(n).isGreaterThan(last[producer]);
        last[producer] = n;
        taken[producer]++;
      }
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(taken).isEqualTo(accepted);
    assertThat(java.util.Arrays.stream(taken).sum()).isPositive();
  }
}
