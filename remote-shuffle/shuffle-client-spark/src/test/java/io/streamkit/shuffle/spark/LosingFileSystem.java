package io.streamkit.shuffle.spark;

import io.streamkit.shuffle.common.IndexEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A local file system for shuffle workers (never for readers) that loses one armed block as if the
 * worker had acknowledged it and then never stored it: neither its bytes in the data file nor its
 * entry in the index reach the disk, and the positions the worker sees skip nothing, so every other
 * block stays where the index says. Workers get it with {@code
 * streamkit.shuffle.hadoop.fs.file.impl} (and {@code fs.file.impl.disable.cache=true}); it runs in
 * the test JVM, where the embedded workers run.
 */
public final class LosingFileSystem extends RawLocalFileSystem {
  /** Which block to lose: its partition directory name, map index and sequence number. */
  record Target(String partition, int mapIndex, int seq) {}

  private static final AtomicReference<Target> armed = new AtomicReference<>();
  private static final AtomicInteger lost = new AtomicInteger();

  /** Data file path to the (attempt, sequence) pairs lost from it. */
  private static final Map<String, Set<String>> lostBlocks = new ConcurrentHashMap<>();

  /** Loses the next block that matches; one block only. */
  static void loseOnce(Target target) {
    armed.set(target);
  }

  static void disarm() {
    armed.set(null);
  }

  /** Blocks lost since the start of the JVM. */
  static int lost() {
    return lost.get();
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
    return wrap(
        f, super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
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
    return wrap(f, super.create(f, overwrite, bufferSize, replication, blockSize, progress));
  }

  private static FSDataOutputStream wrap(Path path, FSDataOutputStream out) throws IOException {
    String name = path.getName();
    if (name.endsWith(".data")) {
      DataFilter filter = new DataFilter(path, out);
      return new FSDataOutputStream(filter, null) {
        @Override
        public long getPos() {
          return filter.kept;
        }
      };
    }
    if (name.endsWith(".index")) {
      Path data = new Path(path.getParent(), name.replaceAll("\\.index$", ".data"));
      return new FSDataOutputStream(new IndexFilter(data, out), null);
    }
    return out;
  }

  private static String key(Path dataFile) {
    return Path.getPathWithoutSchemeAndAuthority(dataFile).toString();
  }

  /** Parses the block stream (32-byte header, then data) and drops the armed block. */
  private static final class DataFilter extends OutputStream {
    private final Path path;
    private final FSDataOutputStream out;
    private final byte[] header = new byte[32];
    private int headerFill;
    private long dataLeft;
    private boolean dropping;
    long kept;

    DataFilter(Path path, FSDataOutputStream out) {
      this.path = path;
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (dataLeft == 0) {
          int n = Math.min(len, header.length - headerFill);
          System.arraycopy(b, off, header, headerFill, n);
          headerFill += n;
          off += n;
          len -= n;
          if (headerFill == header.length) {
            headerFill = 0;
            startBlock();
          }
        } else {
          int n = (int) Math.min(len, dataLeft);
          if (!dropping) {
            out.write(b, off, n);
            kept += n;
          }
          dataLeft -= n;
          off += n;
          len -= n;
        }
      }
    }

    private void startBlock() throws IOException {
      ByteBuffer h = ByteBuffer.wrap(header);
      int mapIndex = h.getInt(4);
      long attempt = h.getLong(8);
      int seq = h.getInt(16);
      dataLeft = h.getInt(20);
      Target target = armed.get();
      dropping =
          target != null
              && target.mapIndex() == mapIndex
              && target.seq() == seq
              && target.partition().equals(path.getParent().getName())
              && armed.compareAndSet(target, null);
      if (dropping) {
        lostBlocks
            .computeIfAbsent(key(path), p -> ConcurrentHashMap.newKeySet())
            .add(attempt + "/" + seq);
        lost.incrementAndGet();
      } else {
        out.write(header);
        kept += header.length;
      }
    }

    @Override
    public void flush() throws IOException {
      out.hflush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /** Drops the index entries of the blocks its data file lost. */
  private static final class IndexFilter extends OutputStream {
    private final Path data;
    private final FSDataOutputStream out;
    private final byte[] entry = new byte[IndexEntry.SIZE];
    private int fill;

    IndexFilter(Path data, FSDataOutputStream out) {
      this.data = data;
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        int n = Math.min(len, entry.length - fill);
        System.arraycopy(b, off, entry, fill, n);
        fill += n;
        off += n;
        len -= n;
        if (fill == entry.length) {
          fill = 0;
          ByteBuffer e = ByteBuffer.wrap(entry);
          String block = e.getLong(4) + "/" + e.getInt(12);
          if (!lostBlocks.getOrDefault(key(data), Set.of()).contains(block)) {
            out.write(entry);
          }
        }
      }
    }

    @Override
    public void flush() throws IOException {
      out.hflush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
