package io.streamkit.smallfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The merge's bookkeeping on a job-attempt directory laid out as FileOutputCommitter v1 does. */
class SmallFileMergerTest {
  @TempDir java.nio.file.Path tmp;
  private Path attempt;

  @BeforeEach
  void layout() throws IOException {
    attempt = new Path(FaultyFileSystem.path(tmp), "_temporary/0");
    // Three committed tasks, each with lines for partitions a=1 and a=2.
    for (int task = 0; task < 3; task++) {
      for (int a = 1; a <= 2; a++) {
        write(
            String.format("task_000_m_%06d/a=%d/part-%05d-job.c000.csv", task, a, task),
            "t" + task + "-a" + a + "-x\nt" + task + "-a" + a + "-y\n");
      }
    }
    // An attempt that never committed (failed or a losing speculative copy): never merged in.
    write("_temporary/attempt_000_m_000001_1/a=1/part-00001-job.c000.csv", "duplicate\n");
  }

  private void write(String relative, String text) throws IOException {
    java.nio.file.Path file = tmp.resolve("_temporary/0").resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private SmallFileMerger merger() throws IOException {
    return merger(Map.of(), MergeOptions.defaults());
  }

  /** A merger on the local file system seen through {@link FaultyFileSystem} with these faults. */
  private SmallFileMerger merger(Map<String, String> faults, MergeOptions options)
      throws IOException {
    Configuration conf = new Configuration();
    conf.set("fs.faulty.impl", FaultyFileSystem.class.getName());
    conf.setBoolean("fs.faulty.impl.disable.cache", true);
    faults.forEach(conf::set);
    return new SmallFileMerger(attempt.getFileSystem(conf), conf, options);
  }

  /** Every line of every data file a commit would publish, outside _temporary. */
  private List<String> publishedLines() throws IOException {
    List<String> lines = new ArrayList<>();
    java.nio.file.Path root = tmp.resolve("_temporary/0");
    try (Stream<java.nio.file.Path> files = Files.walk(root)) {
      for (java.nio.file.Path file :
          files
              .filter(Files::isRegularFile)
              .filter(f -> !root.relativize(f).startsWith("_temporary"))
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .toList()) {
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  private long publishedFiles() throws IOException {
    java.nio.file.Path root = tmp.resolve("_temporary/0");
    try (Stream<java.nio.file.Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !root.relativize(f).startsWith("_temporary"))
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .count();
    }
  }

  @Test
  void mergesPerPartitionAndNeverTouchesUncommittedAttempts() throws IOException {
    List<String> before = publishedLines();
    MergeStats stats = merger().merge(attempt, "job");

    assertThat(stats.filesBefore()).isEqualTo(6);
    assertThat(stats.filesAfter()).isEqualTo(2);
    assertThat(publishedLines()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(publishedLines()).doesNotContain("duplicate");
    assertThat(fs().exists(new Path(attempt, "streamkit-merged/a=1"))).isTrue();
    assertThat(fs().exists(new Path(attempt, "_temporary/attempt_000_m_000001_1"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"before-rename", "after-rename", "after-delete"})
  void aMergeStoppedAnywhereAndRunAgainNeitherLosesNorDuplicates(String point) throws IOException {
    List<String> before = publishedLines();
    SmallFileMerger faulty = merger(FaultyFileSystem.stopAt(point, false), MergeOptions.defaults());
    assertThatThrownBy(() -> faulty.merge(attempt, "job")).hasMessageContaining("injected");

    MergeStats again = merger().merge(attempt, "job");

    assertThat(publishedLines()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(publishedFiles()).isEqualTo(2);
    assertThat(again.filesAfter()).isEqualTo(2);
  }

  @Test
  void aDeleteThatSilentlyReturnsFalseFailsTheSwap() throws IOException {
    List<String> before = publishedLines();
    SmallFileMerger faulty =
        merger(FaultyFileSystem.stopAt("after-rename", true), MergeOptions.defaults());
    // Without the check the merged file and its inputs would both be published: every row twice.
    assertThatThrownBy(() -> faulty.merge(attempt, "job")).hasMessageContaining("Could not delete");

    merger().merge(attempt, "job");

    assertThat(publishedLines()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(publishedFiles()).isEqualTo(2);
  }

  @Test
  void aRecoveryWhoseDeleteSilentlyReturnsFalseFailsToo() throws IOException {
    List<String> before = publishedLines();
    SmallFileMerger stopped =
        merger(FaultyFileSystem.stopAt("after-rename", false), MergeOptions.defaults());
    assertThatThrownBy(() -> stopped.merge(attempt, "job")).hasMessageContaining("injected");
    // Rolling forward must delete the inputs; a silent false would let them be merged again.
    SmallFileMerger refusing =
        merger(FaultyFileSystem.stopAt("after-rename", true), MergeOptions.defaults());
    assertThatThrownBy(() -> refusing.merge(attempt, "job"))
        .hasMessageContaining("Could not delete");

    merger().merge(attempt, "job");

    assertThat(publishedLines()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(publishedFiles()).isEqualTo(2);
  }

  @Test
  void groupsBiggerThanMaxGroupSizeAreLeftAlone() throws IOException {
    // a=1 gets three more files: 6 x 16 bytes; a=2 keeps its 3 x 16 bytes.
    for (int task = 3; task < 6; task++) {
      write(
          String.format("task_000_m_%06d/a=1/part-%05d-job.c000.csv", task, task),
          "t" + task + "-a1-x\nt" + task + "-a1-y\n");
    }
    List<String> before = publishedLines();
    Configuration conf = new Configuration(false);
    conf.set("spark.streamkit.merge.max-group-size", "60");

    MergeStats stats = merger(Map.of(), MergeOptions.from(conf)).merge(attempt, "job");

    assertThat(stats.groupsMerged()).isEqualTo(1);
    assertThat(stats.groupsLeftAlone()).isEqualTo(1);
    assertThat(publishedLines()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(publishedFiles()).isEqualTo(6 + 1);
    assertThat(fs().exists(new Path(attempt, "streamkit-merged/a=1"))).isFalse();
    assertThat(fs().exists(new Path(attempt, "streamkit-merged/a=2"))).isTrue();
  }

  private FileSystem fs() throws IOException {
    Configuration conf = new Configuration();
    conf.set("fs.faulty.impl", FaultyFileSystem.class.getName());
    return attempt.getFileSystem(conf);
  }

  @Test
  void aSecondMergeChangesNothing() throws IOException {
    merger().merge(attempt, "job");
    List<String> once = publishedLines();

    MergeStats again = merger().merge(attempt, "job");

    assertThat(again.groupsMerged()).isZero();
    assertThat(publishedLines()).isEqualTo(once);
  }

  @Test
  void bucketedFilesAreRefused() throws IOException {
    write("task_000_m_000009/a=1/part-00009-job_00003.c000.csv", "bucket\n");
    Configuration conf = new Configuration();
    conf.set("fs.faulty.impl", FaultyFileSystem.class.getName());
    MergeStats stats =
        new SmallFileMerger(
                attempt.getFileSystem(conf),
                conf,
                MergeOptions.defaults(),
                name -> name.contains("job_00003."))
            .merge(attempt, "job");
    assertThat(stats.outcome()).contains("bucketed");
    assertThat(publishedFiles()).isEqualTo(7);
  }

  @Test
  void badOptionsSayWhatIsWrong() {
    Configuration conf = new Configuration(false);
    conf.set(MergeOptions.TARGET_SIZE, "lots");
    assertThatThrownBy(() -> MergeOptions.from(conf))
        .hasMessageContaining("spark.streamkit.merge.target-size")
        .hasMessageContaining("128m");
    conf.set(MergeOptions.TARGET_SIZE, "64m");
    conf.set(MergeOptions.FORMATS, "parquet,avro");
    assertThatThrownBy(() -> MergeOptions.from(conf))
        .hasMessageContaining("spark.streamkit.merge.formats")
        .hasMessageContaining("avro");
    conf.set(MergeOptions.FORMATS, "parquet");
    conf.set("spark.streamkit.merge.max-group-size", "huge");
    assertThatThrownBy(() -> MergeOptions.from(conf))
        .hasMessageContaining("spark.streamkit.merge.max-group-size");
  }
}
