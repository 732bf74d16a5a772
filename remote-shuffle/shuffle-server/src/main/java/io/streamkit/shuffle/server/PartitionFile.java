package io.streamkit.shuffle.server;

import io.netty.buffer.ByteBuf;
import io.streamkit.shuffle.common.BlockHeader;
import io.streamkit.shuffle.common.IndexEntry;
import io.streamkit.shuffle.common.ShufflePaths;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One partition's file on one worker: blocks are appended with their headers by a single writer
 * thread; a map's end flushes it with the file system's durability call, then appends the new
 * blocks' entries, and the map's end entry, to the file's index and flushes that too.
 */
final class PartitionFile {
  private final FileSystem fs;
  private final Path path;
  private final FSDataOutputStream out;
  private final ByteArrayOutputStream pendingIndex = new ByteArrayOutputStream();
  private final DataOutputStream pendingEntries = new DataOutputStream(pendingIndex);
  private FSDataOutputStream index;
  private long blocks;

  PartitionFile(FileSystem fs, Path path) throws IOException {
    this.fs = fs;
    this.path = path;
    this.out = fs.create(path, false);
  }

  void append(BlockHeader header, ByteBuf data) throws IOException {
    new IndexEntry(
            header.mapIndex(), header.attemptId(), header.seq(), out.getPos(), header.length())
        .write(pendingEntries);
    out.write(header.toBytes());
    for (java.nio.ByteBuffer part : data.nioBuffers()) {
      if (part.hasArray()) {
        out.write(part.array(), part.arrayOffset() + part.position(), part.remaining());
      } else {
        byte[] chunk = new byte[Math.min(part.remaining(), 64 << 10)];
        while (part.hasRemaining()) {
          int n = Math.min(chunk.length, part.remaining());
          part.get(chunk, 0, n);
          out.write(chunk, 0, n);
        }
      }
    }
    blocks++;
  }

  /** Records a map attempt's end entry; written to the index with the next flush. */
  void end(IndexEntry end) throws IOException {
    end.write(pendingEntries);
  }

  void flush(boolean sync) throws IOException {
    flush(out, sync);
    if (pendingIndex.size() > 0) {
      if (index == null) {
        index = fs.create(ShufflePaths.indexFile(path), false);
      }
      pendingIndex.writeTo(index);
      pendingIndex.reset();
      flush(index, sync);
    }
  }

  private static void flush(FSDataOutputStream stream, boolean sync) throws IOException {
    if (sync) {
      stream.hsync();
    } else {
      stream.hflush();
    }
  }

  void close() throws IOException {
    flush(true);
    out.close();
    if (index != null) {
      index.close();
    }
  }

  Path path() {
    return path;
  }

  long blocks() {
    return blocks;
  }
}
