package io.streamkit.shuffle.common;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The 32-byte header in front of every block in a partition file: magic, map index, map attempt
 * (Spark's task attempt id), the block's sequence number within (attempt, partition), data length,
 * CRC32 of the data as the producer computed it, and CRC32 of the header itself.
 */
public record BlockHeader(int mapIndex, long attemptId, int seq, int length, int dataCrc) {
  public static final int SIZE = 32;
  static final int MAGIC = 0x534B4231; // "SKB1"

  public void write(ByteBuf out) {
    ByteBuffer header = ByteBuffer.allocate(SIZE);
    fill(header);
    out.writeBytes(header.array());
  }

  public byte[] toBytes() {
    ByteBuffer header = ByteBuffer.allocate(SIZE);
    fill(header);
    return header.array();
  }

  private void fill(ByteBuffer header) {
    header.putInt(MAGIC).putInt(mapIndex).putLong(attemptId).putInt(seq).putInt(length);
    header.putInt(dataCrc);
    header.putInt(crc(header.array(), SIZE - 4));
  }

  /** Parses a header; null when magic or header checksum do not match. */
  static BlockHeader parse(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (in.getInt() != MAGIC
        || crc(bytes, SIZE - 4) != ByteBuffer.wrap(bytes, SIZE - 4, 4).getInt()) {
      return null;
    }
    BlockHeader header =
        new BlockHeader(in.getInt(), in.getLong(), in.getInt(), in.getInt(), in.getInt());
    return header.length < 0 ? null : header;
  }

  public static int crc(byte[] bytes, int length) {
    return crc(bytes, 0, length);
  }

  public static int crc(byte[] bytes, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }
}
