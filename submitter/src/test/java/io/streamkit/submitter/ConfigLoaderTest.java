package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void aFileWithOnlyCommentsHasNoKeysAndTheOverridesApply() throws Exception {
    Path file = Files.writeString(dir.resolve("streamkit.yaml"), "# nothing set yet\n");
    Configuration conf = ConfigLoader.load(file, true, Map.of("parallelism.default", "3"));
    assertThat(conf.toMap()).containsEntry("parallelism.default", "3").hasSize(1);
  }

  @Test
  void aListIsRefusedWithTheFileNamed() throws Exception {
    Path file = Files.writeString(dir.resolve("streamkit.yaml"), "- a\n- b\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, true, Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(file + " must be a YAML map");
  }
}
