package io.streamkit.alerting;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as rule files write them, Prometheus style: {@code 30m}, {@code 1h30m}, {@code 10s},
 * {@code 500ms}, {@code 1d}, with or without spaces ({@code 10 s}).
 */
final class Durations {
  private static final Pattern PART = Pattern.compile("\\s*(\\d+)\\s*(ms|s|m|h|d|w)\\s*");

  private Durations() {}

  /**
   * @throws IllegalArgumentException saying which forms are accepted
   */
  static Duration parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(t);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < t.length() && m.find(at) && m.start() == at) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
              });
      at = m.end();
    }
    if (t.isEmpty() || at != t.length()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: write e.g. 30s, 5m, 1h30m, 1d (units ms s m h d w)");
    }
    return total;
  }

  /** The shortest text {@link #parse} reads back, e.g. {@code 1h30m}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    String[] units = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms >= sizes[i]) {
        out.append(ms / sizes[i]).append(units[i]);
        ms %= sizes[i];
      }
    }
    return out.toString();
  }
}
