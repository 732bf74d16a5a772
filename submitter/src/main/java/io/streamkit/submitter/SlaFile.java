package io.streamkit.submitter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.util.TimeUtils;

/**
 * The business tolerance of each final table, from a YAML file:
 *
 * <pre>
 * slas:
 *   - table: dw.cdo_per_minute   # the chain's final table (catalog.database.table or database.table)
 *     tolerance: 90 s            # origin -> visible there
 * </pre>
 */
final class SlaFile {
  private SlaFile() {}

  static Map<String, Duration> read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new UsageException("Cannot read SLA file " + file + ": " + e.getMessage());
    }
    Map<String, Duration> slas = new LinkedHashMap<>();
    JsonNode list = root == null ? null : root.get("slas");
    if (list == null || !list.isArray()) {
      throw new UsageException(
          "SLA file "
              + file
              + " has no 'slas' list. Write: slas: [{table: dw.t, tolerance: 90 s}]");
    }
    int i = 0;
    for (JsonNode sla : list) {
      i++;
      String table = sla.path("table").asText("");
      String tolerance = sla.path("tolerance").asText("");
      if (table.isEmpty() || tolerance.isEmpty()) {
        throw new UsageException(
            "SLA file " + file + ", entry " + i + ": needs 'table' and 'tolerance' (e.g. 90 s)");
      }
      try {
        slas.put(table, TimeUtils.parseDuration(tolerance));
      } catch (IllegalArgumentException e) {
        throw new UsageException(
            "SLA file "
                + file
                + ", entry "
                + i
                + ": tolerance '"
                + tolerance
                + "' is not a duration (e.g. 500 ms, 90 s, 5 min)");
      }
    }
    return slas;
  }
}
