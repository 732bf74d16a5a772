package io.streamkit.smallfile;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/** The formats a merge understands, recognised by content (Parquet, ORC) or by name (text). */
public enum FileFormat {
  PARQUET,
  ORC,
  TEXT;

  private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};
  private static final byte[] ORC_MAGIC = {'O', 'R', 'C'};

  /**
   * Text files are recognised by the extensions Spark's text, CSV and JSON writers give them,
   * uncompressed or gzip (gzip members concatenate into a valid gzip stream); other codecs do not
   * concatenate and are left alone.
   */
  static Optional<FileFormat> detect(FileSystem fs, FileStatus file) throws IOException {
    if (file.getLen() >= 4) {
      byte[] head = new byte[4];
      try (FSDataInputStream in = fs.open(file.getPath())) {
        in.readFully(0, head);
      }
      if (Arrays.equals(head, PARQUET_MAGIC)) {
        return Optional.of(PARQUET);
      }
      if (Arrays.equals(Arrays.copyOf(head, 3), ORC_MAGIC)) {
        return Optional.of(ORC);
      }
    }
    return textExtension(file.getPath().getName()) != null ? Optional.of(TEXT) : Optional.empty();
  }

  /** ".csv", ".json.gz", ...; null when the name is not a text file a merge can concatenate. */
  static String textExtension(String name) {
    for (String kind : new String[] {".txt", ".csv", ".json"}) {
      if (name.endsWith(kind)) {
        return kind;
      }
      if (name.endsWith(kind + ".gz")) {
        return kind + ".gz";
      }
    }
    return null;
  }
}
