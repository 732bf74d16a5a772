package io.streamkit.smallfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.ql.exec.vector.VectorizedRowBatch;
import org.apache.orc.OrcFile;
import org.apache.orc.Reader;
import org.apache.orc.RecordReader;
import org.apache.orc.StripeInformation;
import org.apache.orc.Writer;

/**
 * ORC: stripes are copied without decoding ({@link OrcFile#mergeFiles}) when they are big enough;
 * files of tiny stripes are re-encoded through row batches. User metadata (Spark's version) is
 * kept.
 */
final class OrcMerger implements FormatMerger {
  private final Configuration conf;
  private final FileSystem fs;
  private final long minStripeBytes;

  OrcMerger(Configuration conf, FileSystem fs, long minStripeBytes) {
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
    long bytes = 0;
    int stripes = 0;
    List<Path> paths = new ArrayList<>();
    for (FileStatus input : inputs) {
      paths.add(input.getPath());
      try (Reader reader = open(input.getPath())) {
        for (StripeInformation stripe : reader.getStripes()) {
          bytes += stripe.getLength();
          stripes++;
        }
      }
    }
    if (stripes > 0 && bytes / stripes >= minStripeBytes) {
      List<Path> merged =
          OrcFile.mergeFiles(output, OrcFile.writerOptions(conf).fileSystem(fs), paths);
      if (merged.size() != paths.size()) {
        fs.delete(output, false);
        throw new IOException(
            "ORC refused to merge " + (paths.size() - merged.size()) + " of " + paths.size());
      }
    } else {
      reencode(paths, output);
    }
  }

  private void reencode(List<Path> inputs, Path output) throws IOException {
    try (Reader first = open(inputs.get(0))) {
      OrcFile.WriterOptions options =
          OrcFile.writerOptions(conf)
              .fileSystem(fs)
              .setSchema(first.getSchema())
              .compress(first.getCompressionKind())
              .bufferSize(first.getCompressionSize())
              .version(first.getFileVersion())
              .overwrite(false);
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

  private Reader open(Path path) throws IOException {
    return OrcFile.createReader(path, OrcFile.readerOptions(conf).filesystem(fs));
  }
}
