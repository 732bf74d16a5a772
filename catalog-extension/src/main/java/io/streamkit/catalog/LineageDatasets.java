package io.streamkit.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The name under which lineage stores a dataset, so that two jobs naming one dataset differently
 * meet: a Kafka topic is {@code kafka://<brokers, lower-case, default port added, sorted>/<topic>}
 * whatever bootstrap list each job was given; any other dataset keeps its connector's namespace and
 * name, and a dataset without namespace is its table name.
 */
public final class LineageDatasets {
  private LineageDatasets() {}

  public static String normalize(String namespace, String name) {
    if (namespace == null || namespace.isBlank()) {
      return name;
    }
    String ns = namespace.trim();
    if (ns.regionMatches(true, 0, "kafka://", 0, 8)) {
      String brokers =
          Arrays.stream(ns.substring(8).split("[,;\\s]+"))
              .map(b -> b.trim().toLowerCase(Locale.ROOT))
              .filter(b -> !b.isEmpty())
              .map(b -> b.contains(":") ? b : b + ":9092")
              .sorted()
              .distinct()
              .collect(Collectors.joining(","));
      return "kafka://" + brokers + "/" + name;
    }
    return ns + "/" + name;
  }
}
