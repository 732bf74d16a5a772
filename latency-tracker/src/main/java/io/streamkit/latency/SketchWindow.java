package io.streamkit.latency;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The latencies (milliseconds) one stage recorded in one time window {@code [start, end)}, as an
 * HdrHistogram that merges losslessly with the windows of other subtasks and jobs: percentiles over
 * many of them come from the merged buckets, never from averaged percentiles.
 *
 * <p>The {@code latencySketch} gauge reports a stage's recent windows ({@link #encode(List)},
 * schema 2): {@code {"schema":2,"windows":[{"start":<ms>,"end":<ms>,"count":<n>,"skewed":<n>,
 * "max":<ms>,"hdr":"<base64>"}, ...]}} where {@code hdr} is HdrHistogram's compressed encoding
 * ({@link Histogram#encodeIntoCompressedByteBuffer}) and {@code skewed} counts origin times that
 * lay in the future (clock skew), recorded as 0. Schema 1 was one such window object with a {@code
 * schema} field of its own.
 */
public record SketchWindow(long start, long end, long skewed, Histogram histogram) {
  public static final int SCHEMA = 2;

  public long count() {
    return histogram.getTotalCount();
  }

  /** The value at a percentile (0..100), in milliseconds; 0 for an empty window. */
  public long percentile(double percentile) {
    return histogram.getValueAtPercentile(percentile);
  }

  /** The gauge's text: {@code windows} (oldest first) as one schema-2 document. */
  public static String encode(List<SketchWindow> windows) {
    StringBuilder text = new StringBuilder("{\"schema\":").append(SCHEMA).append(",\"windows\":[");
    for (int i = 0; i < windows.size(); i++) {
      text.append(i == 0 ? "" : ",").append(windows.get(i).encode());
    }
    return text.append("]}").toString();
  }

  /** This window as a JSON object (an element of the gauge's {@code windows}). */
  public String encode() {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    String hdr =
        Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    return "{\"start\":"
        + start
        + ",\"end\":"
        + end
        + ",\"count\":"
        + count()
        + ",\"skewed\":"
        + skewed
        + ",\"max\":"
        + histogram.getMaxValue()
        + ",\"hdr\":\""
        + hdr
        + "\"}";
  }

  /** The histogram of a window's {@code hdr} field. */
  public static Histogram decodeHistogram(String hdrBase64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(
          ByteBuffer.wrap(Base64.getDecoder().decode(hdrBase64)), 0);
    } catch (DataFormatException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not an HdrHistogram sketch: " + e.getMessage(), e);
    }
  }
}
