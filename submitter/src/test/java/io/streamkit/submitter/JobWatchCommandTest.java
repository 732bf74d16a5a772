package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobWatchCommandTest {
  @TempDir Path dir;

  private Path checkpoint(int n) throws Exception {
    Path chk = Files.createDirectories(dir.resolve("chk-" + n));
    Files.writeString(chk.resolve("_metadata"), "m");
    return chk;
  }

  @Test
  void aReportedCheckpointThatWasSubsumedGivesWayToTheNewestRetainedOne() throws Exception {
    checkpoint(9);
    Path newest = checkpoint(11);
    String reported = dir.resolve("chk-10").toUri().toString(); // subsumed and deleted

    assertThat(JobWatchCommand.retained(reported)).isEqualTo(newest.toUri().toString());
  }

  @Test
  void aRetainedOrRemoteCheckpointIsTakenAsReported() throws Exception {
    String kept = checkpoint(3).toUri().toString();
    checkpoint(4);
    assertThat(JobWatchCommand.retained(kept)).isEqualTo(kept);
    assertThat(JobWatchCommand.retained("hdfs://nn/cp/job/chk-7"))
        .isEqualTo("hdfs://nn/cp/job/chk-7");
  }
}
