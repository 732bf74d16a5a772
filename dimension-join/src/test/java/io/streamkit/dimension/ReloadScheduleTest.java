package io.streamkit.dimension;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.connector.source.lookup.LookupOptions;
import org.apache.flink.table.connector.source.lookup.cache.trigger.CacheReloadTrigger;
import org.apache.flink.table.connector.source.lookup.cache.trigger.PeriodicCacheReloadTrigger.ScheduleMode;
import org.junit.jupiter.api.Test;

/**
 * The FULL cache's first reload is due one interval (PERIODIC) or at the next reload time (TIMED)
 * after the load at task start, never at once as with Flink's own triggers.
 */
class ReloadScheduleTest {
  private static final Clock ONE_AM_UTC =
      Clock.fixed(Instant.parse("2026-12-01T01:00:00Z"), ZoneOffset.UTC);

  @Test
  void periodicReloadsFirstAfterOneInterval() {
    for (ScheduleMode mode : ScheduleMode.values()) {
      ReloadSchedule schedule = ReloadSchedule.periodic(Duration.ofMinutes(5), mode);
      assertThat(schedule.firstDelay(ONE_AM_UTC)).as(mode.name()).isEqualTo(Duration.ofMinutes(5));
      assertThat(schedule.period()).isEqualTo(Duration.ofMinutes(5));
    }
  }

  private static ReloadSchedule timed(String isoTime, int days) {
    Configuration options = new Configuration();
    options.set(LookupOptions.FULL_CACHE_TIMED_RELOAD_ISO_TIME, isoTime);
    options.set(LookupOptions.FULL_CACHE_TIMED_RELOAD_INTERVAL_IN_DAYS, days);
    return ReloadSchedule.timed(options);
  }

  @Test
  void timedReloadsFirstAtTheNextReloadTime() {
    assertThat(timed("02:00:00Z", 1).firstDelay(ONE_AM_UTC)).isEqualTo(Duration.ofHours(1));
    assertThat(timed("00:30:00Z", 1).firstDelay(ONE_AM_UTC))
        .isEqualTo(Duration.ofHours(23).plusMinutes(30));
    // Exactly now: the table has just been loaded, so the next reload is a day later.
    assertThat(timed("01:00:00Z", 2).firstDelay(ONE_AM_UTC)).isEqualTo(Duration.ofDays(1));
    assertThat(timed("01:00:00Z", 2).period()).isEqualTo(Duration.ofDays(2));
    // With an offset: 03:00 at +01:00 is 02:00 UTC.
    assertThat(timed("03:00:00+01:00", 1).firstDelay(ONE_AM_UTC.withZone(ZoneOffset.ofHours(1))))
        .isEqualTo(Duration.ofHours(1));
  }

  @Test
  void anOpenedScheduleFiresItsFirstReloadAfterTheInterval() throws Exception {
    ReloadSchedule schedule =
        ReloadSchedule.periodic(Duration.ofMillis(300), ScheduleMode.FIXED_DELAY);
    AtomicLong firstReloadAt = new AtomicLong();
    CompletableFuture<Void> fired = new CompletableFuture<>();
    long openedAt = System.nanoTime();
    schedule.open(
        new CacheReloadTrigger.Context() {
          @Override
          public long currentProcessingTime() {
            return System.currentTimeMillis();
          }

          @Override
          public long currentWatermark() {
            return Long.MIN_VALUE;
          }

          @Override
          public CompletableFuture<Void> triggerReload() {
            firstReloadAt.compareAndSet(0, System.nanoTime());
            fired.complete(null);
            return CompletableFuture.completedFuture(null);
          }
        });
    try {
      fired.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(firstReloadAt.get() - openedAt))
          .isGreaterThanOrEqualTo(Duration.ofMillis(290));
    } finally {
      schedule.close();
    }
  }
}
