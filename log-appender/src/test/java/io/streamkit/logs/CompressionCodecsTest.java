package io.streamkit.logs;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CompressionCodecsTest {
  /** Sees the JDK only, as Flink's lib/ without snappy-java and zstd-jni would. */
  private static final ClassLoader JDK_ONLY = new ClassLoader(null) {};

  @Test
  void aNativeCodecMissingFromTheClassPathIsNamedWithTheJarToAdd() {
    assertThatThrownBy(() -> CompressionCodecs.requireAvailable(" ZSTD ", JDK_ONLY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compression.type 'zstd' needs zstd-jni")
        .hasMessageContaining("use lz4 (the default), gzip or none");
    assertThatThrownBy(() -> CompressionCodecs.requireAvailable("snappy", JDK_ONLY))
        .hasMessageContaining("needs snappy-java");
  }

  @Test
  void codecsTheJarCarriesOrThatAreOnTheClassPathPass() {
    for (String type : new String[] {"lz4", "gzip", "none", null}) {
      assertThatCode(() -> CompressionCodecs.requireAvailable(type, JDK_ONLY))
          .doesNotThrowAnyException();
    }
    assertThatCode(
            () ->
                CompressionCodecs.requireAvailable(
                    "zstd", CompressionCodecsTest.class.getClassLoader()))
        .doesNotThrowAnyException();
  }
}
