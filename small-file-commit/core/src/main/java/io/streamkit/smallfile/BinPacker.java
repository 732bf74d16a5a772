package io.streamkit.smallfile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;

/** First-fit decreasing: groups files into bins of at most {@code target} bytes. */
final class BinPacker {
  private BinPacker() {}

  static List<List<FileStatus>> pack(List<FileStatus> files, long target) {
    List<FileStatus> bySize = new ArrayList<>(files);
    bySize.sort(Comparator.comparingLong(FileStatus::getLen).reversed());
    List<List<FileStatus>> bins = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (FileStatus file : bySize) {
      int chosen = -1;
      for (int i = 0; i < bins.size(); i++) {
        if (sizes.get(i) + file.getLen() <= target) {
          chosen = i;
          break;
        }
      }
      if (chosen < 0) {
        bins.add(new ArrayList<>());
        sizes.add(0L);
        chosen = bins.size() - 1;
      }
      bins.get(chosen).add(file);
      sizes.set(chosen, sizes.get(chosen) + file.getLen());
    }
    // Within a bin, keep the files' original (name) order: rows come out as they were written.
    for (List<FileStatus> bin : bins) {
      bin.sort(Comparator.comparing(f -> f.getPath().toString()));
    }
    return bins;
  }
}
