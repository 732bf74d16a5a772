package io.streamkit.alerting;

import java.util.Arrays;

/**
 * The samples of one metric instance (one full set of dimensions), oldest first, kept while they
 * are within the retention of the rules that read them.
 */
final class SampleBuffer implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private long[] times = new long[8];
  private double[] values = new double[8];
  private int head;
  private int size;

  void add(long time, double value, long retentionMs) {
    while (size > 0 && times[head] < time - retentionMs) {
      head = (head + 1) % times.length;
      size--;
    }
    if (size == times.length) {
      grow();
    }
    int at = (head + size) % times.length;
    times[at] = time;
    values[at] = value;
    size++;
  }

  boolean isEmpty() {
    return size == 0;
  }

  long newest() {
    return size == 0 ? Long.MIN_VALUE : times[(head + size - 1) % times.length];
  }

  int size() {
    return size;
  }

  long time(int i) {
    return times[(head + i) % times.length];
  }

  double value(int i) {
    return values[(head + i) % values.length];
  }

  private void grow() {
    long[] t = new long[times.length * 2];
    double[] v = new double[values.length * 2];
    for (int i = 0; i < size; i++) {
      t[i] = time(i);
      v[i] = value(i);
    }
    times = t;
    values = v;
    head = 0;
    Arrays.fill(t, size, t.length, 0);
  }
}
