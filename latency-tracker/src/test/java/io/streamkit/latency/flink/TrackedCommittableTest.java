package io.streamkit.latency.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.api.Test;

class TrackedCommittableTest {
  /** A connector's serializer at its version 3. */
  private static final class Strings implements SimpleVersionedSerializer<String> {
    @Override
    public int getVersion() {
      return 3;
    }

    @Override
    public byte[] serialize(String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String deserialize(int version, byte[] bytes) throws IOException {
      if (version != 3) {
        throw new IOException("version " + version);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  @Test
  void aCommittableAndItsTimedRecordsSurviveACheckpoint() throws Exception {
    TrackedCommittable.Serializer<String> serializer =
        new TrackedCommittable.Serializer<>(new Strings());
    TrackedCommittable<String> tracked =
        new TrackedCommittable<>("txn-7", new long[] {100, 200}, new long[] {150, 260});
    TrackedCommittable<String> back =
        serializer.deserialize(serializer.getVersion(), serializer.serialize(tracked));
    assertThat(back.committable()).isEqualTo("txn-7");
    assertThat(back.origins()).containsExactly(100, 200);
    assertThat(back.writes()).containsExactly(150, 260);
    // The connector's own version reaches the connector's serializer.
    TrackedCommittable<String> untimed =
        serializer.deserialize(1, serializer.serialize(TrackedCommittable.untimed("x")));
    assertThat(untimed.committable()).isEqualTo("x");
    assertThat(untimed.origins()).isEmpty();
  }

  @Test
  void anUnknownVersionIsRefused() {
    assertThatThrownBy(
            () -> new TrackedCommittable.Serializer<>(new Strings()).deserialize(2, new byte[0]))
        .hasMessageContaining("Unknown version");
  }
}
