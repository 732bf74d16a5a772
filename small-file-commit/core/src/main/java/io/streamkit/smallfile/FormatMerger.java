package io.streamkit.smallfile;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/** Merges files of one format. */
interface FormatMerger {
  /**
   * Files with equal keys can be merged into one (same schema, codec and the file metadata readers
   * rely on); null when this file must be left as it is.
   */
  String compatibilityKey(FileStatus file) throws IOException;

  /** Writes the rows of {@code inputs}, in order, into the new file {@code output}. */
  void merge(List<FileStatus> inputs, Path output) throws IOException;
}
