package io.streamkit.shuffle.common;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the blocks of one partition file in order. A file ends at its end or at a torn tail: a
 * worker that died in the middle of a block leaves a partial header or partial data, which can only
 * belong to an attempt that never finished (finished attempts were flushed first).
 */
public final class BlockReader implements Closeable {
  private final InputStream in;
  private final String source;
  private long offset;

  public BlockReader(InputStream in, String source) {
    this.in = in;
    this.source = source;
  }

  /**
   * The next block's header, or null at the end of the file or at a torn tail.
   *
   * @throws CorruptBlockException when the header fails its checksum
   */
  public BlockHeader next() throws IOException {
    byte[] bytes = new byte[BlockHeader.SIZE];
    int read = readFully(bytes);
    if (read < bytes.length) {
      return null;
    }
    BlockHeader header = BlockHeader.parse(bytes);
    if (header == null) {
      throw new CorruptBlockException(
          "corrupt block header at offset " + offset + " of " + source, null);
    }
    offset += BlockHeader.SIZE;
    return header;
  }

  /**
   * The data of the block whose header {@link #next} just returned.
   *
   * @throws EOFException when the file ends inside the block (a torn tail)
   * @throws CorruptBlockException when the data fails its checksum
   */
  public byte[] data(BlockHeader header) throws IOException {
    byte[] data = new byte[header.length()];
    if (readFully(data) < data.length) {
      throw new EOFException("block at offset " + offset + " of " + source + " is cut short");
    }
    if (BlockHeader.crc(data, data.length) != header.dataCrc()) {
      throw new CorruptBlockException(
          "checksum mismatch in block " + header + " at offset " + offset + " of " + source,
          header);
    }
    offset += data.length;
    return data;
  }

  /** Skips the data of the block whose header {@link #next} just returned; false at a torn tail. */
  public boolean skip(BlockHeader header) throws IOException {
    long remaining = header.length();
    while (remaining > 0) {
      long skipped = in.skip(remaining);
      if (skipped <= 0) {
        if (in.read() < 0) {
          return false;
        }
        skipped = 1;
      }
      remaining -= skipped;
    }
    offset += header.length();
    return true;
  }

  /** The caller moved the underlying stream to {@code position}; messages report from there. */
  public void movedTo(long position) {
    offset = position;
  }

  private int readFully(byte[] buffer) throws IOException {
    int total = 0;
    while (total < buffer.length) {
      int n = in.read(buffer, total, buffer.length - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
