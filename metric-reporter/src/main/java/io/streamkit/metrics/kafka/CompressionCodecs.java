package io.streamkit.metrics.kafka;

import java.util.Locale;
import java.util.Map;

/**
 * Checks that the codec a {@code compression.type} names is on the class path. The shaded jar
 * carries lz4 (relocated, pure Java) and Kafka's gzip; snappy-java and zstd-jni bind native code to
 * their own class names, so they cannot be relocated and are left out: the producer would otherwise
 * fail on its I/O thread with a {@code NoClassDefFoundError} long after start.
 */
final class CompressionCodecs {
  /** compression.type -> a class of the library that codec needs, and that library's jar. */
  private static final Map<String, String[]> NATIVE =
      Map.of(
          "snappy", new String[] {"org.xerial.snappy.Snappy", "snappy-java"},
          "zstd", new String[] {"com.github.luben.zstd.Zstd", "zstd-jni"});

  private CompressionCodecs() {}

  /** Throws naming the jar to add when {@code compressionType}'s codec cannot be loaded. */
  static void requireAvailable(Object compressionType, ClassLoader loader) {
    if (compressionType == null) {
      return;
    }
    String type = compressionType.toString().trim().toLowerCase(Locale.ROOT);
    String[] needs = NATIVE.get(type);
    if (needs == null) {
      return;
    }
    try {
      Class.forName(needs[0], false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(
          "compression.type '"
              + type
              + "' needs "
              + needs[1]
              + " on the class path, which the reporter's plugin jar leaves out (native code cannot be relocated):"
              + " use lz4 (the default), gzip or none, or add the "
              + needs[1]
              + " jar to Flink's lib/.");
    }
  }
}
