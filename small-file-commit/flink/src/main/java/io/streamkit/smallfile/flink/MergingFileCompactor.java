package io.streamkit.smallfile.flink;

import io.streamkit.smallfile.OrcMerger;
import io.streamkit.smallfile.ParquetMerger;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.connector.file.sink.compactor.OutputStreamBasedFileCompactor;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.io.InputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts the Parquet or ORC part files of one {@code FileSink} bucket into one file, with the
 * mergers of the Spark commit protocol: Parquet row groups and ORC stripes are copied without
 * decoding when they are big enough, and re-encoded into full ones when they are tiny (the usual
 * case for files rolled on every checkpoint). Flink itself ships only byte concatenation and
 * record-wise compactors, which cannot merge columnar files.
 *
 * <pre>{@code
 * FileSink.forBulkFormat(path, LazyBulkWriterFactory.of(writerFactory))
 *     .enableCompact(
 *         FileCompactStrategy.Builder.newBuilder()
 *             .setSizeThreshold(128L << 20)
 *             .enableCompactionOnCheckpoint(5)
 *             .build(),
 *         new MergingFileCompactor())
 *     .build();
 * }</pre>
 *
 * <p>The sink's writer factory must be wrapped in {@link LazyBulkWriterFactory}: Flink opens the
 * compacted file with it, and an eager Parquet or ORC writer would wrap the merged file in a header
 * and an empty footer of its own. A compaction into a stream that is not empty fails saying so.
 *
 * <p>The format is recognised by each file's magic bytes. All files of one compaction must share
 * the format, schema and codec (they do when one writer factory wrote them); otherwise the
 * compaction fails naming the two files that differ, since a compactor must produce one file.
 * Parquet files are read through Flink's file systems; ORC files through Hadoop's, as {@code
 * flink-orc} does.
 */
public final class MergingFileCompactor extends OutputStreamBasedFileCompactor {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(MergingFileCompactor.class);
  private static final long MB = 1L << 20;
  private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};
  private static final byte[] ORC_MAGIC = {'O', 'R', 'C'};

  private final long minRowGroupBytes;
  private final long minStripeBytes;
  private final long rowGroupBytes;

  private transient Configuration hadoopConf;

  /** Row groups and stripes of at least 8 MB are copied; re-encoded row groups target 128 MB. */
  public MergingFileCompactor() {
    this(8 * MB, 8 * MB, 128 * MB);
  }

  /**
   * @param minRowGroupBytes Parquet files whose row groups average at least this are copied
   * @param minStripeBytes ORC files whose stripes average at least this are copied
   * @param rowGroupBytes the row group size of re-encoded Parquet files
   */
  public MergingFileCompactor(long minRowGroupBytes, long minStripeBytes, long rowGroupBytes) {
    if (minRowGroupBytes < 0 || minStripeBytes < 0 || rowGroupBytes <= 0) {
      throw new IllegalArgumentException(
          "sizes must be positive: minRowGroupBytes="
              + minRowGroupBytes
              + ", minStripeBytes="
              + minStripeBytes
              + ", rowGroupBytes="
              + rowGroupBytes);
    }
    this.minRowGroupBytes = minRowGroupBytes;
    this.minStripeBytes = minStripeBytes;
    this.rowGroupBytes = rowGroupBytes;
  }

  @Override
  public void compact(List<Path> inputFiles, OutputStream out) throws Exception {
    if (out instanceof org.apache.flink.core.fs.FSDataOutputStream
        && ((org.apache.flink.core.fs.FSDataOutputStream) out).getPos() > 0) {
      throw new IOException(
          "the compacted file already holds "
              + ((org.apache.flink.core.fs.FSDataOutputStream) out).getPos()
              + " bytes written by the sink's BulkWriter when it was opened; build the FileSink"
              + " with LazyBulkWriterFactory.of(yourWriterFactory) so that MergingFileCompactor"
              + " writes the whole file");
    }
    super.compact(inputFiles, out);
  }

  @Override
  protected void doCompact(List<Path> inputFiles, OutputStream out) throws Exception {
    if (inputFiles.isEmpty()) {
      return;
    }
    long started = System.nanoTime();
    String format = format(inputFiles.get(0));
    for (Path input : inputFiles.subList(1, inputFiles.size())) {
      String other = format(input);
      if (!format.equals(other)) {
        throw new IOException(
            "cannot compact "
                + inputFiles.get(0)
                + " ("
                + format
                + ") with "
                + input
                + " ("
                + other
                + "): a compaction merges files of one format");
      }
    }
    if (format.equals("parquet")) {
      compactParquet(inputFiles, out);
    } else if (format.equals("orc")) {
      compactOrc(inputFiles, out);
    } else {
      throw new IOException(
          inputFiles.get(0)
              + " is neither Parquet nor ORC; MergingFileCompactor merges columnar files only. For"
              + " row formats use Flink's ConcatFileCompactor or RecordWiseFileCompactor.");
    }
    LOG.info(
        "Compacted {} {} files into one in {} ms",
        inputFiles.size(),
        format,
        (System.nanoTime() - started) / 1_000_000);
  }

  private void compactParquet(List<Path> inputFiles, OutputStream out) throws IOException {
    ParquetMerger merger = new ParquetMerger(hadoopConf(), minRowGroupBytes, rowGroupBytes);
    List<InputFile> inputs = new ArrayList<>();
    for (Path path : inputFiles) {
      inputs.add(new FlinkInputFile(path));
    }
    String key = merger.compatibilityKey(inputs.get(0));
    for (InputFile input : inputs) {
      String other = merger.compatibilityKey(input);
      if (!key.equals(other)) {
        throw incompatible(inputs.get(0), key, input, other);
      }
    }
    merger.merge(inputs, new StreamOutputFile(out));
  }

  private void compactOrc(List<Path> inputFiles, OutputStream out) throws IOException {
    List<org.apache.hadoop.fs.Path> inputs = new ArrayList<>();
    for (Path path : inputFiles) {
      inputs.add(new org.apache.hadoop.fs.Path(path.toUri()));
    }
    FileSystem fs = inputs.get(0).getFileSystem(hadoopConf());
    OrcMerger merger = new OrcMerger(hadoopConf(), fs, minStripeBytes);
    String key = merger.compatibilityKey(fs.getFileStatus(inputs.get(0)));
    for (org.apache.hadoop.fs.Path input : inputs) {
      String other = merger.compatibilityKey(fs.getFileStatus(input));
      if (!key.equals(other)) {
        throw incompatible(inputs.get(0), key, input, other);
      }
    }
    merger.merge(inputs, out);
  }

  private static IOException incompatible(Object first, String key, Object other, String otherKey) {
    return new IOException(
        "cannot compact "
            + first
            + " with "
            + other
            + ": schema, codec or file metadata differ ("
            + key
            + " vs "
            + otherKey
            + "). Files of one bucket must come from one writer configuration.");
  }

  private static String format(Path path) throws IOException {
    byte[] head = new byte[4];
    int read = 0;
    try (FSDataInputStream in = path.getFileSystem().open(path)) {
      while (read < head.length) {
        int n = in.read(head, read, head.length - read);
        if (n < 0) {
          break;
        }
        read += n;
      }
    }
    if (read == 4 && Arrays.equals(head, PARQUET_MAGIC)) {
      return "parquet";
    }
    if (read >= 3 && Arrays.equals(Arrays.copyOf(head, 3), ORC_MAGIC)) {
      return "orc";
    }
    return "unknown";
  }

  private Configuration hadoopConf() {
    if (hadoopConf == null) {
      hadoopConf = new Configuration();
    }
    return hadoopConf;
  }
}
