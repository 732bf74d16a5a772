package io.streamkit.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  private static long at(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  @Test
  void unixCronEveryFiveMinutes() {
    Schedule s = Schedule.cron("*/5 * * * *", "UTC");
    assertThat(s.nextAfter(at("2026-12-06T10:02:13Z"))).isEqualTo(at("2026-12-06T10:05:00Z"));
    assertThat(s.nextAfter(at("2026-12-06T10:05:00Z"))).isEqualTo(at("2026-12-06T10:10:00Z"));
  }

  @Test
  void cronInATimeZoneAndOnWeekdays() {
    // 09:00 in Shanghai (UTC+8) on Monday to Friday; 2026-12-05 is a Saturday.
    Schedule s = Schedule.cron("0 9 * * 1-5", "Asia/Shanghai");
    assertThat(s.nextAfter(at("2026-12-05T00:00:00Z"))).isEqualTo(at("2026-12-07T01:00:00Z"));
    assertThat(Schedule.toQuartz("0 9 * * 1-5")).isEqualTo("0 0 9 ? * 2-6");
    assertThat(Schedule.toQuartz("0 0 1 * *")).isEqualTo("0 0 0 1 * ?");
    assertThat(Schedule.toQuartz("0 0 * * 0,6")).isEqualTo("0 0 0 ? * 1,7");
  }

  @Test
  void everyIsAlignedToTheEpoch() {
    Schedule s = Schedule.every(Duration.ofMinutes(1));
    assertThat(s.nextAfter(at("2026-12-06T10:02:13Z"))).isEqualTo(at("2026-12-06T10:03:00Z"));
    assertThat(s.nextAfter(at("2026-12-06T10:03:00Z"))).isEqualTo(at("2026-12-06T10:04:00Z"));
  }

  @Test
  void badSchedulesSayWhatToWrite() {
    assertThatThrownBy(() -> Schedule.cron("*/5 * *", "UTC"))
        .hasMessageContaining("is not a cron expression")
        .hasMessageContaining("'*/5 * * * *'");
    assertThatThrownBy(() -> Schedule.cron("* * * * *", "Mars/Olympus"))
        .hasMessageContaining("is not a time zone");
    assertThatThrownBy(() -> Schedule.cron("0 0 1 * 1", "UTC"))
        .hasMessageContaining("set one of them to '*'");
    assertThatThrownBy(() -> Schedule.every(Duration.ofMillis(10)))
        .hasMessageContaining("at least 1s");
  }
}
