package io.streamkit.smallfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** What the generated table's default column says is what an unset key gives. */
class MergeOptionsTest {
  private static final long MB = 1L << 20;

  @Test
  void unsetKeysGiveTheDeclaredDefaults() {
    MergeOptions defaults = MergeOptions.defaults();

    assertThat(defaults.enabled()).isTrue();
    assertThat(defaults.targetBytes()).isEqualTo(128 * MB);
    assertThat(defaults.parallelism()).isEqualTo(8);
    assertThat(defaults.formats()).isEqualTo(EnumSet.allOf(FileFormat.class));
    assertThat(defaults.parquetMinRowGroupBytes()).isEqualTo(8 * MB);
    assertThat(defaults.orcMinStripeBytes()).isEqualTo(8 * MB);
    assertThat(defaults.maxGroupBytes()).isEqualTo(2048 * MB);
  }

  @Test
  void smallFileSizeIsHalfTheTargetSizeUnlessSet() {
    Configuration conf = new Configuration(false);
    assertThat(MergeOptions.from(conf).smallFileBytes()).isEqualTo(64 * MB);

    conf.set(MergeOptions.TARGET_SIZE, "64m");
    assertThat(MergeOptions.from(conf).smallFileBytes()).isEqualTo(32 * MB);

    conf.set(MergeOptions.SMALL_FILE_SIZE, "48m");
    assertThat(MergeOptions.from(conf).smallFileBytes()).isEqualTo(48 * MB);
  }

  @Test
  void everyDeclaredKeyIsAConstantUnderThePrefix() {
    assertThat(MergeOptions.options())
        .extracting(MergeOptions.Option::key)
        .allMatch(k -> k.startsWith(MergeOptions.PREFIX))
        .containsExactly(
            MergeOptions.ENABLED,
            MergeOptions.TARGET_SIZE,
            MergeOptions.SMALL_FILE_SIZE,
            MergeOptions.PARALLELISM,
            MergeOptions.FORMATS,
            MergeOptions.PARQUET_MIN_ROW_GROUP,
            MergeOptions.ORC_MIN_STRIPE,
            MergeOptions.MAX_GROUP_SIZE);
  }
}
