package io.streamkit.shuffle.server;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

/**
 * One partition's file on one worker: blocks are appended with their headers by a single writer
 * thread; a map's end flushes it with the file system's durability call.
 */
final class PartitionFile {
  private final Path path;
  private final FSDataOutputStream out;
  private long blocks;

  PartitionFile(Path path, FSDataOutputStream out) {
    this.path = path;
    this.out = out;
  }

  void append(byte[] header, ByteBuf data) throws IOException {
    out.write(header);
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

  void flush(boolean sync) throws IOException {
    if (sync) {
      out.hsync();
    } else {
      out.hflush();
    }
  }

  void close() throws IOException {
    out.hsync();
    out.close();
  }

  Path path() {
    return path;
  }

  long blocks() {
    return blocks;
  }
}
