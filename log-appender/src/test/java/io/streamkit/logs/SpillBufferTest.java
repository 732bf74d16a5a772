package io.streamkit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillBufferTest {
  @TempDir Path root;

  /**
   * Two appenders on one spill directory (a JobManager and a TaskManager under one tmpdir, or two
   * Log4j contexts of one process): before each owned a subdirectory, the second counted the
   * first's segments as its own, the first replayed and deleted them, and the second waited forever
   * for segments that were gone, sending nothing more.
   */
  @Test
  void appendersSharingASpillDirectoryKeepTheirSegmentsApart() throws Exception {
    SpillBuffer first = new SpillBuffer(root, 1 << 20);
    first.append(List.of("a1", "a2"));
    SpillBuffer second = new SpillBuffer(root, 1 << 20);

    assertThat(second.directory()).isNotEqualTo(first.directory());
    assertThat(second.isEmpty()).isTrue();
    assertThat(second.oldest()).isNull();

    SpillBuffer.Segment segment = first.oldest();
    assertThat(segment.events()).containsExactly("a1", "a2");
    first.remove(segment);
    assertThat(first.isEmpty()).isTrue();

    second.append(List.of("b1"));
    assertThat(second.oldest().events()).containsExactly("b1");
    first.close();
    second.close();
  }

  @Test
  void aNewAppenderTakesOverWhatAStoppedOneLeft() throws Exception {
    SpillBuffer stopped = new SpillBuffer(root, 1 << 20);
    SpillBuffer live = new SpillBuffer(root, 1 << 20);
    stopped.append(List.of("left-1", "left-2"));
    stopped.close();

    SpillBuffer next = new SpillBuffer(root, 1 << 20);

    assertThat(next.directory()).isEqualTo(stopped.directory());
    assertThat(next.isEmpty()).isFalse();
    assertThat(next.oldest().events()).containsExactly("left-1", "left-2");
    assertThat(live.isEmpty()).isTrue();
    live.close();
    next.close();
  }
}
