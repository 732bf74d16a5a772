package io.streamkit.smallfile;

/** What one merge did, for the driver log and metrics. */
public record MergeStats(
    String outcome,
    int filesBefore,
    long bytesBefore,
    int filesAfter,
    long bytesAfter,
    int groupsMerged,
    int groupsLeftAlone,
    long millis) {

  static MergeStats refused(String reason) {
    return new MergeStats("not merged: " + reason, 0, 0, 0, 0, 0, 0, 0);
  }

  public boolean merged() {
    return groupsMerged > 0;
  }

  @Override
  public String toString() {
    return String.format(
        "%s: %,d files (%,d bytes) -> %,d files (%,d bytes), %d groups merged, %d left alone,"
            + " in %,d ms",
        outcome,
        filesBefore,
        bytesBefore,
        filesAfter,
        bytesAfter,
        groupsMerged,
        groupsLeftAlone,
        millis);
  }
}
