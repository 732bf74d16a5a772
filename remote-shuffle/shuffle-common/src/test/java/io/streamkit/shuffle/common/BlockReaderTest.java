package io.streamkit.shuffle.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockReaderTest {
  private static byte[] file(String... blocks) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int seq = 0;
    for (String block : blocks) {
      byte[] data = block.getBytes();
      out.write(
          new BlockHeader(3, 42L, seq++, data.length, BlockHeader.crc(data, data.length))
              .toBytes());
      out.write(data);
    }
    return out.toByteArray();
  }

  private static BlockReader reader(byte[] bytes) {
    return new BlockReader(new ByteArrayInputStream(bytes), "test");
  }

  @Test
  void readsBlocksInOrderAndSkipsData() throws Exception {
    BlockReader reader = reader(file("one", "two", "three"));
    BlockHeader first = reader.next();
    assertThat(first)
        .isEqualTo(new BlockHeader(3, 42L, 0, 3, BlockHeader.crc("one".getBytes(), 3)));
    assertThat(reader.skip(first)).isTrue();
    assertThat(new String(reader.data(reader.next()))).isEqualTo("two");
    assertThat(new String(reader.data(reader.next()))).isEqualTo("three");
    assertThat(reader.next()).isNull();
  }

  @Test
  void aTornTailEndsTheFile() throws Exception {
    byte[] whole = file("one", "two");
    // cut inside the second header: the file ends after the first block
    BlockReader cutHeader = reader(Arrays.copyOf(whole, BlockHeader.SIZE + 3 + 10));
    cutHeader.data(cutHeader.next());
    assertThat(cutHeader.next()).isNull();
    // cut inside the second block's data: reading it says so, skipping it reports the end
    BlockReader cutData = reader(Arrays.copyOf(whole, whole.length - 1));
    cutData.data(cutData.next());
    BlockHeader second = cutData.next();
    assertThatThrownBy(() -> cutData.data(second)).isInstanceOf(EOFException.class);
    BlockReader skipping = reader(Arrays.copyOf(whole, whole.length - 1));
    skipping.skip(skipping.next());
    assertThat(skipping.skip(skipping.next())).isFalse();
  }

  @Test
  void corruptDataAndCorruptHeadersAreReported() throws Exception {
    byte[] data = file("payload");
    data[BlockHeader.SIZE + 2] ^= 1;
    BlockReader reader = reader(data);
    BlockHeader header = reader.next();
    assertThatThrownBy(() -> reader.data(header))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("checksum mismatch")
        .satisfies(e -> assertThat(((CorruptBlockException) e).header()).isEqualTo(header));

    byte[] header2 = file("payload");
    header2[6] ^= 1; // inside the map index
    assertThatThrownBy(() -> reader(header2).next())
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("corrupt block header at offset 0");
  }

  @Test
  void slotsTravelIntact() {
    List<WorkerInfo> workers =
        List.of(
            new WorkerInfo("a", "h1", 1, "file:///x"), new WorkerInfo("b", "h2", 2, "hdfs://nn/y"));
    ShuffleSlots slots = new ShuffleSlots(workers, new int[] {0, 1, 0}, new int[] {1, 0, 1});
    ShuffleSlots back = ShuffleSlots.fromBytes(slots.toBytes());
    assertThat(back.workers()).isEqualTo(workers);
    assertThat(back.primary(1)).isEqualTo(workers.get(1));
    assertThat(back.backup(2)).isEqualTo(workers.get(1));
    assertThat(back.storageRoots()).containsExactly("file:///x", "hdfs://nn/y");
  }
}
