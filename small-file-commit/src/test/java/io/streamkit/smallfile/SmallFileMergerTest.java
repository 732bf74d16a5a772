package io.streamkit.smallfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The merge's bookkeeping on a job-attempt directory laid out as FileOutputCommitter v1 does. */
class SmallFileMergerTest {
  @TempDir java.nio.file.Path tmp;
  private FileSystem fs;
  private Path attempt;

  @BeforeEach
  void layout() throws IOException {
    fs = FileSystem.getLocal(new Configuration());
    attempt = new Path(tmp.toUri().toString(), "_temporary/0");
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

  @AfterEach
  void clear() {
    FaultInjector.clear();
  }

  private void write(String relative, String text) throws IOException {
    java.nio.file.Path file = tmp.resolve("_temporary/0").resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private SmallFileMerger merger() {
    return new SmallFileMerger(fs, new Configuration(), MergeOptions.defaults());
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
    assertThat(fs.exists(new Path(attempt, "streamkit-merged/a=1"))).isTrue();
    assertThat(fs.exists(new Path(attempt, "_temporary/attempt_000_m_000001_1"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"before-rename", "after-rename", "after-delete"})
  void aMergeStoppedAnywhereAndRunAgainNeitherLosesNorDuplicates(String point) throws IOException {
    List<String> before = publishedLines();
    FaultInjector.failAt(point);
    assertThatThrownBy(() -> merger().merge(attempt, "job")).hasMessageContaining(point);
    FaultInjector.clear();

    MergeStats again = merger().merge(attempt, "job");

    assertThat(publishedLines()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(publishedFiles()).isEqualTo(2);
    assertThat(again.filesAfter()).isEqualTo(2);
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
    MergeStats stats = merger().merge(attempt, "job");
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
  }
}
