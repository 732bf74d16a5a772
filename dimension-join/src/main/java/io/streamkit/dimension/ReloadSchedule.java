package io.streamkit.dimension;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.lookup.LookupOptions;
import org.apache.flink.table.connector.source.lookup.cache.trigger.CacheReloadTrigger;
import org.apache.flink.table.connector.source.lookup.cache.trigger.PeriodicCacheReloadTrigger.ScheduleMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a FULL cache reloads: Flink's PERIODIC ({@code FIXED_DELAY}, {@code FIXED_RATE}) and TIMED
 * strategies with Flink's options, but without the reload that Flink's own triggers run the moment
 * they open. Our FULL cache has loaded the table in {@code open()} already, so the first reload is
 * due one interval later (PERIODIC) or at the next reload time (TIMED), never at once.
 */
final class ReloadSchedule implements CacheReloadTrigger {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ReloadSchedule.class);

  private enum Kind {
    FIXED_DELAY,
    FIXED_RATE,
    TIMED
  }

  private final Kind kind;
  private final Duration period;
  private final Temporal reloadTime; // TIMED only: a LocalTime or an OffsetTime

  private transient ScheduledExecutorService scheduler;

  private ReloadSchedule(Kind kind, Duration period, Temporal reloadTime) {
    this.kind = kind;
    this.period = period;
    this.reloadTime = reloadTime;
  }

  static ReloadSchedule periodic(Duration interval, ScheduleMode mode) {
    if (interval.isNegative() || interval.isZero()) {
      throw new ValidationException(
          "'"
              + JdbcLookupOptions.FULL_CACHE_PERIODIC_RELOAD_INTERVAL.key()
              + "' must be greater than zero.");
    }
    return new ReloadSchedule(
        mode == ScheduleMode.FIXED_RATE ? Kind.FIXED_RATE : Kind.FIXED_DELAY, interval, null);
  }

  /** The TIMED strategy from Flink's options, parsed as Flink's {@code TimedCacheReloadTrigger}. */
  static ReloadSchedule timed(ReadableConfig options) {
    String time =
        options
            .getOptional(LookupOptions.FULL_CACHE_TIMED_RELOAD_ISO_TIME)
            .orElseThrow(
                () ->
                    new ValidationException(
                        "Missing '"
                            + LookupOptions.FULL_CACHE_TIMED_RELOAD_ISO_TIME.key()
                            + "': the TIMED reload strategy needs a time of day, e.g. 02:00:00."));
    Temporal at =
        (Temporal) DateTimeFormatter.ISO_TIME.parseBest(time, OffsetTime::from, LocalTime::from);
    int days = options.get(LookupOptions.FULL_CACHE_TIMED_RELOAD_INTERVAL_IN_DAYS);
    if (days < 1) {
      throw new ValidationException(
          "'"
              + LookupOptions.FULL_CACHE_TIMED_RELOAD_INTERVAL_IN_DAYS.key()
              + "' must be at least 1.");
    }
    return new ReloadSchedule(Kind.TIMED, Duration.ofDays(days), at);
  }

  /** The clock TIMED reads: the system zone for a local time, else the time's own offset. */
  Clock clock() {
    return reloadTime instanceof OffsetTime t
        ? Clock.system(t.getOffset())
        : Clock.systemDefaultZone();
  }

  /** How long after the load at task start the first reload is due. */
  Duration firstDelay(Clock clock) {
    if (kind != Kind.TIMED) {
      return period;
    }
    Temporal now = reloadTime instanceof OffsetTime ? OffsetTime.now(clock) : LocalTime.now(clock);
    Duration untilNext = Duration.between(now, reloadTime);
    return untilNext.isNegative() || untilNext.isZero() ? untilNext.plusDays(1) : untilNext;
  }

  Duration period() {
    return period;
  }

  @Override
  public void open(Context context) {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "streamkit-jdbc-reload-schedule");
              t.setDaemon(true);
              return t;
            });
    Runnable reload =
        () -> {
          try {
            context.triggerReload().get();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (ExecutionException | RuntimeException e) {
            // A reload reports its own failures; the schedule must go on regardless.
            LOG.warn("A scheduled reload of the full cache failed", e);
          }
        };
    long first = firstDelay(clock()).toMillis();
    if (kind == Kind.FIXED_DELAY) {
      scheduler.scheduleWithFixedDelay(reload, first, period.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      scheduler.scheduleAtFixedRate(reload, first, period.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
