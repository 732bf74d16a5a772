package io.streamkit.smallfile.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.compactor.FileCompactStrategy;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Flink job on a MiniCluster writes (id, name) rows with FileSink, rolling a Parquet or ORC part
 * file on every checkpoint; the compactor merges them. The rows read back are exactly the rows
 * written, once each, in far fewer files; a failure and restart mid-job changes nothing.
 */
class MergingFileCompactorITCase {
  private static final long ROWS = 40_000;

  /** Fails the job once, halfway, in the restart test. */
  private static final AtomicBoolean FAIL_ONCE = new AtomicBoolean();

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"parquet", "orc"})
  void compactedOutputHasEveryRowOnceInFewerFiles(String format) throws Exception {
    Path plain = dir.resolve("plain");
    Path compacted = dir.resolve("compacted");
    run(format, plain, false);
    run(format, compacted, true);

    List<File> plainFiles = finishedFiles(plain);
    List<File> compactedFiles = finishedFiles(compacted);
    assertThat(rows(plainFiles)).as(listing(plain)).isEqualTo(expectedRows());
    assertThat(rows(compactedFiles)).as(listing(compacted)).isEqualTo(expectedRows());
    assertThat(plainFiles.size()).isGreaterThanOrEqualTo(12);
    assertThat(compactedFiles.size() * 3).isLessThanOrEqualTo(plainFiles.size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"parquet", "orc"})
  void aFailureAndRestartMidJobNeitherLosesNorDuplicatesRows(String format) throws Exception {
    FAIL_ONCE.set(true);
    Path out = dir.resolve("restarted");
    run(format, out, true);
    assertThat(FAIL_ONCE.get()).as("the job failed once").isFalse();
    assertThat(rows(finishedFiles(out))).isEqualTo(expectedRows());
  }

  @Test
  void filesOfDifferentFormatsAreRefusedNamingBoth() throws Exception {
    File parquetFile = write(TestFormats.parquet(), dir.resolve("a"));
    File orcFile = write(TestFormats.orc(), dir.resolve("b"));
    assertThatThrownBy(
            () ->
                new MergingFileCompactor()
                    .compact(
                        List.of(flinkPath(parquetFile), flinkPath(orcFile)),
                        OutputStream.nullOutputStream()))
        .hasMessageContaining(parquetFile.getName())
        .hasMessageContaining(orcFile.getName())
        .hasMessageContaining("one format");
  }

  @Test
  void aStreamThatAnEagerWriterAlreadyWroteIntoIsRefusedNamingTheFix() throws Exception {
    org.apache.flink.core.fs.Path input =
        flinkPath(write(TestFormats.parquet(), dir.resolve("in")));
    org.apache.flink.core.fs.Path target = flinkPath(dir.resolve("out").toFile());
    try (var out =
        target
            .getFileSystem()
            .create(target, org.apache.flink.core.fs.FileSystem.WriteMode.NO_OVERWRITE)) {
      out.write(new byte[] {'P', 'A', 'R', '1'});
      assertThatThrownBy(() -> new MergingFileCompactor().compact(List.of(input), out))
          .hasMessageContaining("LazyBulkWriterFactory.of");
    }
  }

  /**
   * With the thresholds scaled down (8 KB instead of 8 MB), files of tiny row groups or stripes are
   * re-encoded into one, and files of big ones are copied: the merged file holds exactly the
   * inputs' row groups or stripes, with their row counts and byte sizes.
   */
  @ParameterizedTest
  @ValueSource(strings = {"parquet", "orc"})
  void tinyRowGroupsAreReencodedAndBigOnesCopied(String format) throws Exception {
    long threshold = 8 << 10;
    BulkWriter.Factory<Long> factory =
        format.equals("parquet") ? TestFormats.parquet() : TestFormats.orc();
    MergingFileCompactor compactor =
        format.equals("parquet")
            ? new MergingFileCompactor(threshold, 0, 128 << 20)
            : new MergingFileCompactor(0, threshold, 128 << 20);
    for (long rowsPerFile : new long[] {100, 50_000}) {
      List<org.apache.flink.core.fs.Path> inputs = new ArrayList<>();
      List<TestFormats.Block> inputBlocks = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        File input = write(factory, dir.resolve(format + "-" + rowsPerFile + "-" + i), rowsPerFile);
        inputs.add(flinkPath(input));
        inputBlocks.addAll(TestFormats.blocks(input));
      }
      boolean big = rowsPerFile > 100;
      assertThat(inputBlocks)
          .as("input row groups or stripes")
          .hasSize(3)
          .allMatch(b -> big == b.bytes() >= threshold);

      File merged = dir.resolve(format + "-" + rowsPerFile + "-merged").toFile();
      try (OutputStream out = Files.newOutputStream(merged.toPath())) {
        compactor.compact(inputs, out);
      }

      List<TestFormats.Block> blocks = TestFormats.blocks(merged);
      if (big) {
        assertThat(blocks).as("copied").isEqualTo(inputBlocks);
      } else {
        assertThat(blocks).as("re-encoded into one").hasSize(1);
        assertThat(blocks.get(0).rows()).isEqualTo(3 * rowsPerFile);
      }
      List<Long> ids = TestFormats.readIds(merged);
      assertThat(ids).hasSize((int) (3 * rowsPerFile));
      assertThat(ids.stream().distinct().count()).isEqualTo(rowsPerFile);
    }
  }

  private static File write(BulkWriter.Factory<Long> factory, Path file) throws IOException {
    return write(factory, file, 100);
  }

  private static File write(BulkWriter.Factory<Long> factory, Path file, long rows)
      throws IOException {
    org.apache.flink.core.fs.Path path = flinkPath(file.toFile());
    try (var out =
        path.getFileSystem()
            .create(path, org.apache.flink.core.fs.FileSystem.WriteMode.NO_OVERWRITE)) {
      BulkWriter<Long> writer = factory.create(out);
      for (long id = 0; id < rows; id++) {
        writer.addElement(id);
      }
      writer.finish();
    }
    return file.toFile();
  }

  private static org.apache.flink.core.fs.Path flinkPath(File file) {
    return new org.apache.flink.core.fs.Path(file.toURI());
  }

  private static void run(String format, Path out, boolean compact) throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    env.enableCheckpointing(200);

    BulkWriter.Factory<Long> writer =
        format.equals("parquet") ? TestFormats.parquet() : TestFormats.orc();
    FileSink.DefaultBulkFormatBuilder<Long> sink =
        FileSink.forBulkFormat(
                new org.apache.flink.core.fs.Path(out.toUri()), LazyBulkWriterFactory.of(writer))
            .withBucketAssigner(new ModuloBuckets());
    if (compact) {
      sink.enableCompact(
          FileCompactStrategy.Builder.newBuilder().enableCompactionOnCheckpoint(4).build(),
          new MergingFileCompactor());
    }
    // A compacting FileSink adds operators with uids of its own, so Flink requires one on the sink.
    env.fromSequence(0, ROWS - 1).map(new Throttle()).sinkTo(sink.build()).uid("file-sink");
    env.execute("compactor-" + format + (compact ? "-compacted" : "-plain"));
  }

  private static List<File> finishedFiles(Path out) throws IOException {
    try (Stream<Path> files = Files.walk(out)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .map(Path::toFile)
          .collect(Collectors.toList());
    }
  }

  private static String listing(Path out) throws IOException {
    try (Stream<Path> files = Files.walk(out)) {
      return files.map(p -> p + " " + p.toFile().length()).collect(Collectors.joining("\n"));
    }
  }

  private static List<Long> rows(List<File> files) throws IOException {
    List<Long> ids = new ArrayList<>();
    for (File file : files) {
      ids.addAll(TestFormats.readIds(file));
    }
    ids.sort(null);
    return ids;
  }

  private static List<Long> expectedRows() {
    return LongStream.range(0, ROWS).boxed().collect(Collectors.toList());
  }

  /** Spreads the job over a few seconds, so that many checkpoints roll many small files. */
  private static final class Throttle implements MapFunction<Long, Long> {
    @Override
    public Long map(Long id) throws Exception {
      if (id % 20 == 0) {
        Thread.sleep(1);
      }
      if (id == ROWS / 2 + 1 && FAIL_ONCE.compareAndSet(true, false)) {
        throw new IllegalStateException("injected failure at row " + id);
      }
      return id;
    }
  }

  private static final class ModuloBuckets implements BucketAssigner<Long, String> {
    @Override
    public String getBucketId(Long id, Context context) {
      return "b=" + (id % 2);
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
      return SimpleVersionedStringSerializer.INSTANCE;
    }
  }
}
