package io.streamkit.smallfile;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * For tests only: the local file system under the scheme {@code faulty:}, where one operation on
 * paths with a given name fails, configured through the Hadoop configuration:
 *
 * <pre>
 * fs.faulty.impl = io.streamkit.smallfile.FaultyFileSystem
 * fs.faulty.impl.disable.cache = true     (each configuration gets its own instance)
 * faulty.op = rename | delete | create
 * faulty.name = a regex the whole file name must match (the source's name for a rename)
 * faulty.silent = true: rename and delete return false without doing anything, instead of throwing
 * </pre>
 *
 * It is the local file system under another name (as Spark's own tests do with {@code
 * RawLocalFileSystem}), rather than a {@code FilterFileSystem}, because a filter would have to
 * rewrite the scheme of every path it passes on.
 */
public final class FaultyFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "faulty";
  private static final URI ROOT = URI.create(SCHEME + ":///");

  private String op;
  private Pattern name;
  private boolean silent;

  /**
   * The Hadoop settings that stop a swap at one of its points: {@code before-rename} (the merged
   * file is not renamed into place), {@code after-rename} (its inputs are not deleted), {@code
   * after-delete} (its journal is not deleted).
   */
  public static Map<String, String> stopAt(String point, boolean silent) {
    String[] fault =
        switch (point) {
          case "before-rename" -> new String[] {"rename", "\\d+\\.tmp"};
          case "after-rename" -> new String[] {"delete", "part-.*"};
          case "after-delete" -> new String[] {"delete", "\\d+\\.journal"};
          default -> throw new IllegalArgumentException(point);
        };
    return Map.of(
        "fs.faulty.impl",
        FaultyFileSystem.class.getName(),
        "fs.faulty.impl.disable.cache",
        "true",
        "faulty.op",
        fault[0],
        "faulty.name",
        fault[1],
        "faulty.silent",
        Boolean.toString(silent));
  }

  /** The same directory of the local file system, seen through this one. */
  public static Path path(java.nio.file.Path local) {
    return new Path(SCHEME + "://" + local.toAbsolutePath().toUri().getPath());
  }

  @Override
  public void initialize(URI uri, Configuration conf) throws IOException {
    super.initialize(uri, conf);
    op = conf.get("faulty.op", "");
    name = Pattern.compile(conf.get("faulty.name", "(?!)"));
    silent = conf.getBoolean("faulty.silent", false);
  }

  @Override
  public URI getUri() {
    return ROOT;
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  /** True: refuse silently; false: go ahead; throws for a loud failure. */
  private boolean faulty(String operation, Path path) throws IOException {
    if (!operation.equals(op) || !name.matcher(path.getName()).matches()) {
      return false;
    }
    if (silent && !operation.equals("create")) {
      return true;
    }
    throw new IOException("injected failure: " + operation + " " + path);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    return !faulty("rename", src) && super.rename(src, dst);
  }

  @Override
  public boolean delete(Path p, boolean recursive) throws IOException {
    return !faulty("delete", p) && super.delete(p, recursive);
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    faulty("create", f);
    return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    faulty("create", f);
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }
}
