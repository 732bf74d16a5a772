package io.streamkit.shuffle.common;

import org.apache.hadoop.fs.Path;

/**
 * Where partition files live: {@code
 * <root>/<app>/<shuffle>/<partition>/<worker>-<generation>.data}. Each worker writes its own file
 * per partition (HDFS allows one writer per file), and a new generation after a restart or a close,
 * so no file is ever appended to by two processes.
 */
public final class ShufflePaths {
  private ShufflePaths() {}

  public static Path appDir(String root, String appId) {
    return new Path(root, safe(appId));
  }

  public static Path shuffleDir(String root, String appId, int shuffleId) {
    return new Path(appDir(root, appId), Integer.toString(shuffleId));
  }

  public static Path partitionDir(String root, String appId, int shuffleId, int partition) {
    return new Path(shuffleDir(root, appId, shuffleId), Integer.toString(partition));
  }

  public static Path dataFile(
      String root, String appId, int shuffleId, int partition, String workerId, long generation) {
    return new Path(
        partitionDir(root, appId, shuffleId, partition),
        safe(workerId) + "-" + generation + ".data");
  }

  /** The index of a data file: its blocks' (map, attempt, sequence, offset, length). */
  public static Path indexFile(Path dataFile) {
    String name = dataFile.getName();
    return new Path(
        dataFile.getParent(), name.substring(0, name.length() - ".data".length()) + ".index");
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
