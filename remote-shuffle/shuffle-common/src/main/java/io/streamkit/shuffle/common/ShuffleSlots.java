package io.streamkit.shuffle.common;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The workers of one shuffle: for each reduce partition a primary worker that receives its blocks
 * and a backup that receives them when the primary fails. Travels from the master to the driver,
 * and inside the shuffle handle to every executor, so pushing never needs the master.
 */
public final class ShuffleSlots implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<WorkerInfo> workers;
  private final int[] primary;
  private final int[] backup;

  public ShuffleSlots(List<WorkerInfo> workers, int[] primary, int[] backup) {
    this.workers = List.copyOf(workers);
    this.primary = primary;
    this.backup = backup;
  }

  public int partitions() {
    return primary.length;
  }

  public WorkerInfo primary(int partition) {
    return workers.get(primary[partition]);
  }

  public WorkerInfo backup(int partition) {
    return workers.get(backup[partition]);
  }

  public List<WorkerInfo> workers() {
    return workers;
  }

  /** The distinct storage roots readers look under. */
  public Set<String> storageRoots() {
    Set<String> roots = new LinkedHashSet<>();
    for (WorkerInfo worker : workers) {
      roots.add(worker.storageRoot());
    }
    return roots;
  }

  public void write(ByteBuf out) {
    out.writeInt(workers.size());
    for (WorkerInfo worker : workers) {
      worker.write(out);
    }
    out.writeInt(primary.length);
    for (int i = 0; i < primary.length; i++) {
      out.writeInt(primary[i]);
      out.writeInt(backup[i]);
    }
  }

  public byte[] toBytes() {
    ByteBuf buf = Unpooled.buffer();
    write(buf);
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    return bytes;
  }

  public static ShuffleSlots read(ByteBuffer in) {
    int count = in.getInt();
    List<WorkerInfo> workers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      workers.add(WorkerInfo.read(in));
    }
    int partitions = in.getInt();
    int[] primary = new int[partitions];
    int[] backup = new int[partitions];
    for (int i = 0; i < partitions; i++) {
      primary[i] = in.getInt();
      backup[i] = in.getInt();
    }
    return new ShuffleSlots(workers, primary, backup);
  }

  public static ShuffleSlots fromBytes(byte[] bytes) {
    return read(ByteBuffer.wrap(bytes));
  }
}
