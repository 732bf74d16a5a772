package io.streamkit.alerting;

import java.io.Serializable;
import java.text.ParseException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * When a rule is checked: a cron expression in a time zone ({@code schedule: "*&#47;5 * * * *"},
 * the five fields of Unix cron, or Quartz's six or seven with seconds first), or a fixed interval
 * ({@code every: 1m}) aligned to multiples of the interval since the epoch, so every instance of
 * the alert job checks at the same instants.
 */
public final class Schedule implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String text;
  private final long everyMs; // 0 for cron
  private final String zone;
  private transient CronExpression cron;

  private Schedule(String text, long everyMs, String zone) {
    this.text = text;
    this.everyMs = everyMs;
    this.zone = zone;
  }

  static Schedule every(Duration interval) {
    if (interval.toMillis() < 1_000) {
      throw new IllegalArgumentException(
          "'every' must be at least 1s, was " + Durations.format(interval));
    }
    return new Schedule("every " + Durations.format(interval), interval.toMillis(), null);
  }

  /**
   * @throws IllegalArgumentException for an expression or zone Quartz does not accept
   */
  static Schedule cron(String expression, String zone) {
    ZoneId zoneId;
    try {
      zoneId = ZoneId.of(zone);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + zone + "' is not a time zone (e.g. UTC, Asia/Shanghai)");
    }
    Schedule s = new Schedule(expression.trim(), 0, zoneId.getId());
    s.cron(); // validates
    return s;
  }

  /** The first check instant strictly after {@code epochMs}. */
  public long nextAfter(long epochMs) {
    if (everyMs > 0) {
      return Math.floorDiv(epochMs, everyMs) * everyMs + everyMs;
    }
    Date next = cron().getNextValidTimeAfter(new Date(epochMs));
    return next == null ? Long.MAX_VALUE : next.getTime();
  }

  private CronExpression cron() {
    if (cron == null) {
      String quartz = toQuartz(text);
      try {
        CronExpression c = new CronExpression(quartz);
        c.setTimeZone(TimeZone.getTimeZone(ZoneId.of(zone)));
        cron = c;
      } catch (ParseException | RuntimeException e) {
        throw new IllegalArgumentException(
            "'"
                + text
                + "' is not a cron expression ("
                + e.getMessage()
                + "): write five fields, minute hour day-of-month month day-of-week, e.g."
                + " '*/5 * * * *'");
      }
    }
    return cron;
  }

  /**
   * Unix cron's five fields in Quartz's form: seconds 0 first, Sunday 1 instead of 0, and '?' for
   * whichever of day-of-month and day-of-week is '*' (Quartz wants one of them unspecified).
   */
  static String toQuartz(String expression) {
    String[] f = expression.trim().split("\\s+");
    if (f.length != 5) {
      return expression.trim(); // Quartz's own six or seven fields
    }
    String dom = f[2];
    String dow = shiftDaysOfWeek(f[4]);
    if (dow.equals("*")) {
      dow = "?";
    } else if (dom.equals("*")) {
      dom = "?";
    } else {
      throw new IllegalArgumentException(
          "'"
              + expression
              + "' restricts both day-of-month and day-of-week, which this scheduler cannot"
              + " combine: set one of them to '*'");
    }
    return String.join(" ", "0", f[0], f[1], dom, f[3], dow);
  }

  // Unix numbers days 0-7 from Sunday (0 and 7 both Sunday), Quartz 1-7 from Sunday.
  private static String shiftDaysOfWeek(String field) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < field.length()) {
      char c = field.charAt(i);
      boolean afterStep = i > 0 && field.charAt(i - 1) == '/';
      if (Character.isDigit(c) && !afterStep) {
        int end = i;
        while (end < field.length() && Character.isDigit(field.charAt(end))) {
          end++;
        }
        int day = Integer.parseInt(field.substring(i, end));
        out.append(day % 7 + 1);
        i = end;
      } else {
        int end = i + 1;
        if (afterStep) {
          while (end < field.length() && Character.isDigit(field.charAt(end))) {
            end++;
          }
        }
        out.append(field, i, end);
        i = end;
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return everyMs > 0 ? text : text + " (" + zone + ")";
  }
}
