package io.streamkit.smallfile.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which file names are Spark's bucket files, as the commit protocol decides it. */
class MergingCommitProtocolTest {
  private static final String JOB = "2dd664f9-d2c4-4ffe-878f-c6c70c1fb0cb";

  @Test
  void bucketFilesAsSparkNamesThem() {
    assertThat(MergingCommitProtocol.bucketed("part-00000-" + JOB + "_00003.c000.parquet", JOB))
        .isTrue();
    assertThat(MergingCommitProtocol.bucketed("part-00001-" + JOB + "_00123.c002.csv.gz", JOB))
        .isTrue();
    // Hive-compatible bucketing adds a prefix of its own.
    assertThat(MergingCommitProtocol.bucketed("00003_0_part-00000-" + JOB + "_00003.c000", JOB))
        .isTrue();
  }

  @Test
  void anUnderscoreNumberElsewhereIsNoBucketId() {
    assertThat(MergingCommitProtocol.bucketed("part-00000-" + JOB + "-c000.snappy.parquet", JOB))
        .isFalse();
    assertThat(MergingCommitProtocol.bucketed("part-00000-" + JOB + ".c000.snappy.parquet", JOB))
        .isFalse();
    assertThat(
            MergingCommitProtocol.bucketed(
                "batch_123.part-00000-" + JOB + "-c000.snappy.parquet", JOB))
        .isFalse();
    assertThat(MergingCommitProtocol.bucketed("run_12345678901.part-00000-" + JOB + "-c000", JOB))
        .isFalse();
  }
}
