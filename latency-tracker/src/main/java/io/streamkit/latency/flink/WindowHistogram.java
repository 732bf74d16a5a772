package io.streamkit.latency.flink;

import io.streamkit.latency.IntervalSketch;
import io.streamkit.latency.SketchWindow;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.apache.flink.metrics.HistogramStatistics;

/**
 * Flink's view of a stage: the statistics of the sketch's last completed window, so that Flink's
 * own reporters (Prometheus, JMX, ...) show recent percentiles. Values are recorded through the
 * tracker, not through {@link #update}.
 */
final class WindowHistogram implements org.apache.flink.metrics.Histogram {
  private static final int MAX_VALUES = 10_000;
  private final IntervalSketch sketch;

  WindowHistogram(IntervalSketch sketch) {
    this.sketch = sketch;
  }

  @Override
  public void update(long value) {
    sketch.record(value, System.currentTimeMillis());
  }

  @Override
  public long getCount() {
    return window().count();
  }

  @Override
  public HistogramStatistics getStatistics() {
    return new Statistics(window().histogram());
  }

  private SketchWindow window() {
    return sketch.completed(System.currentTimeMillis());
  }

  private static final class Statistics extends HistogramStatistics {
    private final Histogram histogram;

    Statistics(Histogram histogram) {
      this.histogram = histogram;
    }

    @Override
    public double getQuantile(double quantile) {
      return histogram.getValueAtPercentile(quantile * 100);
    }

    /** The recorded values, scaled down to at most 10,000 with their proportions kept. */
    @Override
    public long[] getValues() {
      long total = histogram.getTotalCount();
      if (total == 0) {
        return new long[0];
      }
      double scale = Math.min(1.0, (double) MAX_VALUES / total);
      long[] values = new long[(int) Math.min(total, MAX_VALUES)];
      int n = 0;
      for (HistogramIterationValue v : histogram.recordedValues()) {
        long copies = Math.max(1, Math.round(v.getCountAtValueIteratedTo() * scale));
        for (long i = 0; i < copies && n < values.length; i++) {
          values[n++] = v.getValueIteratedTo();
        }
      }
      return n == values.length ? values : java.util.Arrays.copyOf(values, n);
    }

    @Override
    public int size() {
      return (int) Math.min(Integer.MAX_VALUE, histogram.getTotalCount());
    }

    @Override
    public double getMean() {
      return histogram.getMean();
    }

    @Override
    public double getStdDev() {
      return histogram.getStdDeviation();
    }

    @Override
    public long getMax() {
      return histogram.getMaxValue();
    }

    @Override
    public long getMin() {
      return histogram.getTotalCount() == 0 ? 0 : histogram.getMinValue();
    }
  }
}
