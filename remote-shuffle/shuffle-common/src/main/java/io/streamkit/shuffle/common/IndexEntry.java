package io.streamkit.shuffle.common;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One block in a data file's index: which map attempt wrote it, its sequence number, and where it
 * starts (its header) and how long its data is. A worker appends the entries of the blocks it wrote
 * when a map ends, after the data is flushed, so a successful attempt's blocks are always in the
 * index; readers of a map range seek straight to them.
 *
 * <p>An <em>end entry</em> ({@link #isEnd}, sequence {@value #END}) records what a map attempt says
 * it pushed to the file's partition, sent with its map end: {@link #blocks} blocks of {@link
 * #bytes} data bytes in all, on every worker together. Readers check the blocks they found against
 * it, so a block lost after its acknowledgement, even the last one, is a fetch failure.
 */
public record IndexEntry(int mapIndex, long attemptId, int seq, long offset, int length) {
  public static final int SIZE = 28;

  /** The sequence number of an end entry; {@code offset} holds bytes, {@code length} blocks. */
  public static final int END = -1;

  /** The end entry of a map attempt's output for one partition. */
  public static IndexEntry end(int mapIndex, long attemptId, int blocks, long bytes) {
    return new IndexEntry(mapIndex, attemptId, END, bytes, blocks);
  }

  public boolean isEnd() {
    return seq == END;
  }

  /** Of an end entry: how many blocks the attempt pushed for the partition. */
  public int blocks() {
    return length;
  }

  /** Of an end entry: how many data bytes those blocks hold. */
  public long bytes() {
    return offset;
  }

  public void write(DataOutputStream out) throws IOException {
    out.writeInt(mapIndex);
    out.writeLong(attemptId);
    out.writeInt(seq);
    out.writeLong(offset);
    out.writeInt(length);
  }

  /** Every whole entry of an index; a torn last entry (a worker died writing it) is ignored. */
  public static List<IndexEntry> readAll(InputStream stream) throws IOException {
    List<IndexEntry> entries = new ArrayList<>();
    DataInputStream in = new DataInputStream(stream);
    while (true) {
      try {
        entries.add(
            new IndexEntry(in.readInt(), in.readLong(), in.readInt(), in.readLong(), in.readInt()));
      } catch (EOFException e) {
        return entries;
      }
    }
  }
}
