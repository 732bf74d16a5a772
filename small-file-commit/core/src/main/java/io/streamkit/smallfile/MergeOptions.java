package io.streamkit.smallfile;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * The {@code spark.streamkit.merge.*} options, each declared once with its type, default and
 * description (docs/small-file-commit.md's table is generated from them, {@code OptionsDocTest}).
 * They are read from the Hadoop configuration of a write job, not from an engine's own
 * configuration: Spark copies session settings and the write's own options into it, so one write
 * can turn merging off with {@code .option("spark.streamkit.merge.enabled", "false")}.
 */
public record MergeOptions(
    boolean enabled,
    long targetBytes,
    long smallFileBytes,
    int parallelism,
    Set<FileFormat> formats,
    long parquetMinRowGroupBytes,
    long orcMinStripeBytes,
    long maxGroupBytes) {

  /**
   * One option, declared once: its type, its default as users write it ({@code small-file-size}
   * shows how its default is computed) and a description that does not repeat the default.
   */
  record Option(String key, String type, String defaultValue, String description) {}

  private static final Map<String, Option> OPTIONS = new LinkedHashMap<>();

  public static final String PREFIX = "spark.streamkit.merge.";
  public static final String ENABLED =
      def(
          PREFIX + "enabled",
          "Boolean",
          "true",
          "merge the small files of a write at its job commit; one write opts out with"
              + " `.option(\"spark.streamkit.merge.enabled\", \"false\")`");
  public static final String TARGET_SIZE =
      def(
          PREFIX + "target-size",
          "MemorySize",
          "128m",
          "size a merged file grows to (first-fit decreasing bin packing)");

  /** Computed when not set: half of {@link #TARGET_SIZE}, as its declared default says. */
  public static final String SMALL_FILE_SIZE =
      def(
          PREFIX + "small-file-size",
          "MemorySize",
          "target-size / 2",
          "files at least this big are left as they are");

  public static final String PARALLELISM =
      def(PREFIX + "parallelism", "Integer", "8", "groups merged at once, on driver threads");
  public static final String FORMATS =
      def(
          PREFIX + "formats",
          "List<String>",
          "parquet,orc,text",
          "formats to merge, comma-separated: `parquet`, `orc`, `text` (text also covers CSV and"
              + " JSON files)");
  public static final String PARQUET_MIN_ROW_GROUP =
      def(
          PREFIX + "parquet.min-row-group-size",
          "MemorySize",
          "8m",
          "a group whose row groups average less is re-encoded into full row groups; otherwise"
              + " row groups are copied without decoding");
  public static final String ORC_MIN_STRIPE =
      def(
          PREFIX + "orc.min-stripe-size",
          "MemorySize",
          "8m",
          "a group whose stripes average less is re-encoded into full stripes; otherwise stripes"
              + " are copied without decoding");

  /**
   * Compatible small files of one partition directory that add up to more than this are left alone:
   * every merged byte is read and written by the driver.
   */
  public static final String MAX_GROUP_SIZE =
      def(
          PREFIX + "max-group-size",
          "MemorySize",
          "2g",
          "compatible small files of one partition directory that add up to more are left alone,"
              + " with a log line: every merged byte passes through the driver (see \"What it"
              + " costs the driver\")");

  public static MergeOptions defaults() {
    return from(new Configuration(false));
  }

  public static MergeOptions from(Configuration conf) {
    long target = bytes(conf, TARGET_SIZE);
    MergeOptions options =
        new MergeOptions(
            conf.getBoolean(ENABLED, Boolean.parseBoolean(defaultOf(ENABLED))),
            target,
            conf.get(SMALL_FILE_SIZE) == null ? target / 2 : bytes(conf, SMALL_FILE_SIZE),
            conf.getInt(PARALLELISM, Integer.parseInt(defaultOf(PARALLELISM))),
            formats(conf.get(FORMATS, defaultOf(FORMATS))),
            bytes(conf, PARQUET_MIN_ROW_GROUP),
            bytes(conf, ORC_MIN_STRIPE),
            bytes(conf, MAX_GROUP_SIZE));
    if (options.targetBytes <= 0
        || options.smallFileBytes <= 0
        || options.parallelism <= 0
        || options.maxGroupBytes <= 0) {
      throw new IllegalArgumentException(
          TARGET_SIZE
              + ", "
              + SMALL_FILE_SIZE
              + ", "
              + PARALLELISM
              + " and "
              + MAX_GROUP_SIZE
              + " must be positive, got "
              + options);
    }
    return options;
  }

  /** Every option, in the order of the docs. */
  static Collection<Option> options() {
    return Collections.unmodifiableCollection(OPTIONS.values());
  }

  private static String def(String key, String type, String defaultValue, String description) {
    OPTIONS.put(key, new Option(key, type, defaultValue, description));
    return key;
  }

  private static String defaultOf(String key) {
    return OPTIONS.get(key).defaultValue();
  }

  private static long bytes(Configuration conf, String key) {
    return bytes(conf, key, defaultOf(key));
  }

  private static long bytes(Configuration conf, String key, String fallback) {
    String value = conf.get(key, fallback).trim();
    try {
      return org.apache.hadoop.util.StringUtils.TraditionalBinaryPrefix.string2long(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          key + " must be a size such as 128m or 1g, got '" + value + "'", e);
    }
  }

  private static Set<FileFormat> formats(String list) {
    Set<FileFormat> formats = EnumSet.noneOf(FileFormat.class);
    for (String name : list.split(",")) {
      String trimmed = name.trim().toUpperCase(Locale.ROOT);
      if (trimmed.isEmpty()) {
        continue;
      }
      try {
        formats.add(FileFormat.valueOf(trimmed));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            FORMATS + " takes parquet, orc and text; got '" + name.trim() + "'", e);
      }
    }
    return formats;
  }
}
