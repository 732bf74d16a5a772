package io.streamkit.smallfile;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.ql.exec.vector.VectorizedRowBatch;
import org.apache.orc.CompressionKind;
import org.apache.orc.OrcFile;
import org.apache.orc.Reader;
import org.apache.orc.RecordReader;
import org.apache.orc.StripeInformation;
import org.apache.orc.Writer;
import org.apache.orc.impl.PhysicalFsWriter;
import org.apache.orc.impl.writer.WriterEncryptionVariant;

/**
 * ORC: stripes are copied without decoding ({@link OrcFile#mergeFiles}) when they are big enough;
 * files of tiny stripes are re-encoded through row batches. User metadata (Spark's version) is
 * kept.
 */
public final class OrcMerger implements FormatMerger {
  private final Configuration conf;
  private final FileSystem fs;
  private final long minStripeBytes;

  public OrcMerger(Configuration conf, FileSystem fs, long minStripeBytes) {
    this.conf = conf;
    this.fs = fs;
    this.minStripeBytes = minStripeBytes;
  }

  @Override
  public String compatibilityKey(FileStatus file) throws IOException {
    try (Reader reader = open(file.getPath())) {
      TreeMap<String, ByteBuffer> metadata = new TreeMap<>();
      for (String key : reader.getMetadataKeys()) {
        metadata.put(key, reader.getMetadataValue(key));
      }
      return "orc|"
          + reader.getSchema()
          + "|"
          + reader.getCompressionKind()
          + "|"
          + reader.getCompressionSize()
          + "|"
          + reader.getFileVersion()
          + "|"
          + reader.getWriterVersion()
          + "|"
          + metadata;
    }
  }

  @Override
  public void merge(List<FileStatus> inputs, Path output) throws IOException {
    List<Path> paths = new ArrayList<>();
    for (FileStatus input : inputs) {
      paths.add(input.getPath());
    }
    merge(paths, output, OrcFile.writerOptions(conf).fileSystem(fs));
  }

  /**
   * Writes the rows of {@code inputs}, in order, into {@code out}, which stays open. For callers
   * that own the output stream, such as Flink's file compaction.
   */
  public void merge(List<Path> inputs, OutputStream out) throws IOException {
    OrcFile.WriterOptions options = OrcFile.writerOptions(conf).fileSystem(fs);
    try (Reader first = open(inputs.get(0))) {
      // The physical writer encodes the file tail with the codec it is built with: match the
      // inputs.
      likeFile(options, first);
    }
    FSDataOutputStream stream = new FSDataOutputStream(new KeepOpen(out), null);
    options.physicalWriter(new PhysicalFsWriter(stream, options, new WriterEncryptionVariant[0]));
    // The path only names the file in ORC's messages: the physical writer does the writing.
    merge(inputs, new Path(inputs.get(0).getParent(), "merged.orc"), options);
  }

  private void merge(List<Path> paths, Path output, OrcFile.WriterOptions options)
      throws IOException {
    long bytes = 0;
    int stripes = 0;
    for (Path path : paths) {
      try (Reader reader = open(path)) {
        for (StripeInformation stripe : reader.getStripes()) {
          bytes += stripe.getLength();
          stripes++;
        }
      }
    }
    if (stripes > 0 && bytes / stripes >= minStripeBytes) {
      List<Path> merged = OrcFile.mergeFiles(output, options, paths);
      if (merged.size() != paths.size()) {
        if (options.getPhysicalWriter() == null) {
          fs.delete(output, false);
        }
        throw new IOException(
            "ORC refused to merge " + (paths.size() - merged.size()) + " of " + paths.size());
      }
    } else {
      reencode(paths, output, options);
    }
  }

  private void reencode(List<Path> inputs, Path output, OrcFile.WriterOptions options)
      throws IOException {
    try (Reader first = open(inputs.get(0))) {
      likeFile(options, first).overwrite(false);
      try (Writer writer = OrcFile.createWriter(output, options)) {
        for (String key : first.getMetadataKeys()) {
          writer.addUserMetadata(key, first.getMetadataValue(key));
        }
        for (Path input : inputs) {
          try (Reader reader = open(input);
              RecordReader rows = reader.rows()) {
            VectorizedRowBatch batch = reader.getSchema().createRowBatch();
            while (rows.nextBatch(batch)) {
              writer.addRowBatch(batch);
            }
          }
        }
      }
    }
  }

  /** The layout choices mergeFiles takes from the first input. */
  private static OrcFile.WriterOptions likeFile(OrcFile.WriterOptions options, Reader reader) {
    options
        .setSchema(reader.getSchema())
        .compress(reader.getCompressionKind())
        .bufferSize(reader.getCompressionSize())
        .version(reader.getFileVersion())
        .rowIndexStride(reader.getRowIndexStride());
    if (reader.getCompressionKind() != CompressionKind.NONE) {
      options.enforceBufferSize();
    }
    return options;
  }

  /**
   * {@code out} for an ORC writer to write into and "close": ORC closes its stream when it finishes
   * a file, and a caller's stream (Flink's part file) must stay open.
   */
  public static OutputStream keepOpen(OutputStream out) {
    return new KeepOpen(out);
  }

  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  private Reader open(Path path) throws IOException {
    return OrcFile.createReader(path, OrcFile.readerOptions(conf).filesystem(fs));
  }
}
