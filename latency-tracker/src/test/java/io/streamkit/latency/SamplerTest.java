package io.streamkit.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SamplerTest {
  private static int sampledOf(Sampler sampler, int records) {
    int n = 0;
    for (int i = 0; i < records; i++) {
      if (sampler.sample()) {
        n++;
      }
    }
    return n;
  }

  @Test
  void rateOneTimesEveryRecordAndZeroNone() {
    assertThat(sampledOf(new Sampler(1), 1000)).isEqualTo(1000);
    assertThat(sampledOf(new Sampler(0), 1000)).isZero();
  }

  @Test
  void aFractionalRateTimesThatShareOnAverage() {
    // 1% of 1,000,000: 10,000 expected, standard deviation ~100.
    assertThat(sampledOf(new Sampler(0.01), 1_000_000)).isBetween(9_500, 10_500);
    assertThat(sampledOf(new Sampler(0.5), 100_000)).isBetween(49_000, 51_000);
  }

  @Test
  void gapsAreNotPeriodic() {
    // A record stream with period 100 must not line up with the sampling: every residue is hit.
    Sampler sampler = new Sampler(0.01);
    boolean[] hit = new boolean[100];
    for (int i = 0; i < 2_000_000; i++) {
      if (sampler.sample()) {
        hit[i % 100] = true;
      }
    }
    for (boolean h : hit) {
      assertThat(h).isTrue();
    }
  }

  @Test
  void aRateOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> new Sampler(1.5)).hasMessageContaining("within 0 and 1");
    assertThatThrownBy(() -> new Sampler(Double.NaN)).hasMessageContaining("within 0 and 1");
  }
}
