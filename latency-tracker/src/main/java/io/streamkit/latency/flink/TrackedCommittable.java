package io.streamkit.latency.flink;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * A sink's committable with the timed records it makes visible: their origin and write times travel
 * with it from the writer to the committer (through Flink's own committable channel and
 * checkpoints), so the committer times each of them at the commit.
 */
record TrackedCommittable<C>(C committable, long[] origins, long[] writes) {
  static final long[] NONE = new long[0];

  static <C> TrackedCommittable<C> untimed(C committable) {
    return new TrackedCommittable<>(committable, NONE, NONE);
  }

  TrackedCommittable<C> with(C replacement) {
    return new TrackedCommittable<>(replacement, origins, writes);
  }

  /** Version 1: inner version, inner bytes, then the sample count and its origin/write pairs. */
  static final class Serializer<C> implements SimpleVersionedSerializer<TrackedCommittable<C>> {
    private final SimpleVersionedSerializer<C> inner;

    Serializer(SimpleVersionedSerializer<C> inner) {
      this.inner = inner;
    }

    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(TrackedCommittable<C> tracked) throws IOException {
      byte[] bytes = inner.serialize(tracked.committable());
      DataOutputSerializer out = new DataOutputSerializer(bytes.length + 16);
      out.writeInt(inner.getVersion());
      out.writeInt(bytes.length);
      out.write(bytes);
      out.writeInt(tracked.origins().length);
      for (int i = 0; i < tracked.origins().length; i++) {
        out.writeLong(tracked.origins()[i]);
        out.writeLong(tracked.writes()[i]);
      }
      return out.getCopyOfBuffer();
    }

    @Override
    public TrackedCommittable<C> deserialize(int version, byte[] serialized) throws IOException {
      if (version != 1) {
        throw new IOException("Unknown version of a latency-tracked committable: " + version);
      }
      DataInputDeserializer in = new DataInputDeserializer(serialized);
      int innerVersion = in.readInt();
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      int n = in.readInt();
      long[] origins = new long[n];
      long[] writes = new long[n];
      for (int i = 0; i < n; i++) {
        origins[i] = in.readLong();
        writes[i] = in.readLong();
      }
      return new TrackedCommittable<>(inner.deserialize(innerVersion, bytes), origins, writes);
    }
  }
}
