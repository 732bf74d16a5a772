package io.streamkit.smallfile;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * The {@code spark.streamkit.merge.*} options. Spark copies session settings and the write's own
 * options into the Hadoop configuration of each write job, so one write can turn merging off with
 * {@code .option("spark.streamkit.merge.enabled", "false")}.
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

  public static final String PREFIX = "spark.streamkit.merge.";
  public static final String ENABLED = PREFIX + "enabled";
  public static final String TARGET_SIZE = PREFIX + "target-size";
  public static final String SMALL_FILE_SIZE = PREFIX + "small-file-size";
  public static final String PARALLELISM = PREFIX + "parallelism";
  public static final String FORMATS = PREFIX + "formats";
  public static final String PARQUET_MIN_ROW_GROUP = PREFIX + "parquet.min-row-group-size";
  public static final String ORC_MIN_STRIPE = PREFIX + "orc.min-stripe-size";

  /**
   * Compatible small files of one partition directory that add up to more than this are left alone:
   * every merged byte is read and written by the driver.
   */
  public static final String MAX_GROUP_SIZE = PREFIX + "max-group-size";

  public static MergeOptions defaults() {
    return from(new Configuration(false));
  }

  public static MergeOptions from(Configuration conf) {
    long target = bytes(conf, TARGET_SIZE, "128m");
    MergeOptions options =
        new MergeOptions(
            conf.getBoolean(ENABLED, true),
            target,
            bytes(conf, SMALL_FILE_SIZE, Long.toString(target / 2)),
            conf.getInt(PARALLELISM, 8),
            formats(conf.get(FORMATS, "parquet,orc,text")),
            bytes(conf, PARQUET_MIN_ROW_GROUP, "8m"),
            bytes(conf, ORC_MIN_STRIPE, "8m"),
            bytes(conf, MAX_GROUP_SIZE, "2g"));
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
