package io.streamkit.docs;

import static org.apache.flink.configuration.description.LinkElement.link;
import static org.apache.flink.configuration.description.TextElement.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.description.Description;
import org.junit.jupiter.api.Test;

class FlinkOptionSpecsTest {
  enum Mode {
    FAST,
    SAFE
  }

  static final class Holder {
    static final ConfigOption<Duration> TIMEOUT =
        ConfigOptions.key("x.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(90))
            .withDescription("how long to wait, 50% more on retry");
    static final ConfigOption<MemorySize> BUFFER =
        ConfigOptions.key("x.buffer")
            .memoryType()
            .defaultValue(MemorySize.ofMebiBytes(64))
            .withDescription("bytes buffered");
    static final ConfigOption<Mode> MODE =
        ConfigOptions.key("x.mode")
            .enumType(Mode.class)
            .defaultValue(Mode.SAFE)
            .withDescription(
                Description.builder()
                    .text("%s waits for the disk, see %s.", code("SAFE"), link("https://x.io", "x"))
                    .linebreak()
                    .text("Pick one.")
                    .build());
    static final ConfigOption<List<String>> HOSTS =
        ConfigOptions.key("x.hosts")
            .stringType()
            .asList()
            .defaultValues("a", "b")
            .withDescription("hosts to try");
    static final ConfigOption<String> NAME =
        ConfigOptions.key("x.name").stringType().noDefaultValue().withDescription("the name");
    static final String NOT_AN_OPTION = "x.other";
  }

  @Test
  void readsKeyTypeDefaultAndDescriptionSortedByKey() {
    assertThat(FlinkOptionSpecs.of(Holder.class))
        .containsExactly(
            new OptionSpec("x.buffer", "MemorySize", "64 mb", "bytes buffered"),
            new OptionSpec("x.hosts", "List<String>", "a;b", "hosts to try"),
            new OptionSpec(
                "x.mode",
                "Enum",
                "SAFE",
                "`SAFE` waits for the disk, see [x](https://x.io).<br>Pick one."
                    + "<br>Possible values: `FAST`, `SAFE`."),
            new OptionSpec("x.name", "String", null, "the name"),
            new OptionSpec("x.timeout", "Duration", "90 s", "how long to wait, 50% more on retry"));
  }

  @Test
  void durationsUseTheHighestWholeUnitLikeFlink() {
    assertThat(FlinkOptionSpecs.duration(Duration.ofMinutes(30))).isEqualTo("30 min");
    assertThat(FlinkOptionSpecs.duration(Duration.ofMillis(1500))).isEqualTo("1500 ms");
    assertThat(FlinkOptionSpecs.duration(Duration.ofDays(2))).isEqualTo("2 d");
    assertThat(FlinkOptionSpecs.duration(Duration.ZERO)).isEqualTo("0 ms");
  }

  @Test
  void aClassWithoutOptionsIsAnError() {
    assertThatThrownBy(() -> FlinkOptionSpecs.of(String.class))
        .hasMessageContaining("no ConfigOption constants");
  }
}
