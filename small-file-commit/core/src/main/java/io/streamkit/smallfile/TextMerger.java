package io.streamkit.smallfile;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Text, CSV and JSON lines: byte concatenation, uncompressed or gzip (gzip members concatenate into
 * a valid stream). A CSV written with {@code header=true} keeps the first file's header only; a
 * gzip CSV with a header is left alone, as its header cannot be cut without decompressing.
 */
final class TextMerger implements FormatMerger {
  private final FileSystem fs;
  private final boolean csvHeader;

  TextMerger(FileSystem fs, boolean csvHeader) {
    this.fs = fs;
    this.csvHeader = csvHeader;
  }

  @Override
  public String compatibilityKey(FileStatus file) {
    String extension = FileFormat.textExtension(file.getPath().getName());
    if (extension == null || (csvHeader && extension.equals(".csv.gz"))) {
      return null;
    }
    return "text|" + extension;
  }

  @Override
  public void merge(List<FileStatus> inputs, Path output) throws IOException {
    boolean gzip = inputs.get(0).getPath().getName().endsWith(".gz");
    boolean skipHeaders = csvHeader && inputs.get(0).getPath().getName().endsWith(".csv");
    byte[] buffer = new byte[1 << 16];
    try (FSDataOutputStream out = fs.create(output, false)) {
      int last = '\n';
      for (int i = 0; i < inputs.size(); i++) {
        try (FSDataInputStream in = fs.open(inputs.get(i).getPath())) {
          if (skipHeaders && i > 0) {
            skipLine(in);
          }
          for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            last = buffer[n - 1];
          }
        }
        if (!gzip && last != '\n') {
          out.write('\n'); // a last line without its newline must not run into the next file
          last = '\n';
        }
      }
    }
  }

  private static void skipLine(InputStream in) throws IOException {
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      // skip the header
    }
  }
}
