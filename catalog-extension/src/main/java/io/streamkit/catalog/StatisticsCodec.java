package io.streamkit.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogColumnStatisticsDataBase;
import org.apache.flink.table.catalog.stats.CatalogColumnStatisticsDataBinary;
import org.apache.flink.table.catalog.stats.CatalogColumnStatisticsDataBoolean;
import org.apache.flink.table.catalog.stats.CatalogColumnStatisticsDataDate;
import org.apache.flink.table.catalog.stats.CatalogColumnStatisticsDataDouble;
import org.apache.flink.table.catalog.stats.CatalogColumnStatisticsDataLong;
import org.apache.flink.table.catalog.stats.CatalogColumnStatisticsDataString;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.catalog.stats.Date;

/**
 * Table and column statistics as JSON for {@code sk_statistics}. Every value round-trips exactly:
 * absent ones stay null, doubles are kept as their decimal text (so NaN and infinities too).
 */
final class StatisticsCodec {
  private StatisticsCodec() {}

  static String encode(CatalogTableStatistics s) {
    ObjectNode n = TableCodec.json().createObjectNode();
    n.put("rowCount", s.getRowCount());
    n.put("fileCount", s.getFileCount());
    n.put("totalSize", s.getTotalSize());
    n.put("rawDataSize", s.getRawDataSize());
    n.set("properties", properties(s.getProperties()));
    return write(n);
  }

  static CatalogTableStatistics decodeTable(String json) {
    JsonNode n = read(json);
    return new CatalogTableStatistics(
        n.path("rowCount").asLong(),
        n.path("fileCount").asInt(),
        n.path("totalSize").asLong(),
        n.path("rawDataSize").asLong(),
        properties(n.path("properties")));
  }

  static String encode(CatalogColumnStatistics s) {
    ObjectNode n = TableCodec.json().createObjectNode();
    ObjectNode columns = n.putObject("columns");
    for (Map.Entry<String, CatalogColumnStatisticsDataBase> e :
        new TreeMap<>(s.getColumnStatisticsData()).entrySet()) {
      columns.set(e.getKey(), column(e.getValue()));
    }
    n.set("properties", properties(s.getProperties()));
    return write(n);
  }

  static CatalogColumnStatistics decodeColumns(String json) {
    JsonNode n = read(json);
    Map<String, CatalogColumnStatisticsDataBase> columns = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = n.path("columns").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      columns.put(e.getKey(), column(e.getValue()));
    }
    return new CatalogColumnStatistics(columns, properties(n.path("properties")));
  }

  private static ObjectNode column(CatalogColumnStatisticsDataBase data) {
    ObjectNode n = TableCodec.json().createObjectNode();
    putLong(n, "nullCount", data.getNullCount());
    n.set("properties", properties(data.getProperties()));
    if (data instanceof CatalogColumnStatisticsDataBoolean b) {
      n.put("type", "BOOLEAN");
      putLong(n, "trueCount", b.getTrueCount());
      putLong(n, "falseCount", b.getFalseCount());
    } else if (data instanceof CatalogColumnStatisticsDataLong l) {
      n.put("type", "LONG");
      putLong(n, "min", l.getMin());
      putLong(n, "max", l.getMax());
      putLong(n, "ndv", l.getNdv());
    } else if (data instanceof CatalogColumnStatisticsDataDouble d) {
      n.put("type", "DOUBLE");
      putDouble(n, "min", d.getMin());
      putDouble(n, "max", d.getMax());
      putLong(n, "ndv", d.getNdv());
    } else if (data instanceof CatalogColumnStatisticsDataString s) {
      n.put("type", "STRING");
      putLong(n, "maxLength", s.getMaxLength());
      putDouble(n, "avgLength", s.getAvgLength());
      putLong(n, "ndv", s.getNdv());
    } else if (data instanceof CatalogColumnStatisticsDataBinary b) {
      n.put("type", "BINARY");
      putLong(n, "maxLength", b.getMaxLength());
      putDouble(n, "avgLength", b.getAvgLength());
    } else if (data instanceof CatalogColumnStatisticsDataDate d) {
      n.put("type", "DATE");
      putLong(n, "min", d.getMin() == null ? null : d.getMin().getDaysSinceEpoch());
      putLong(n, "max", d.getMax() == null ? null : d.getMax().getDaysSinceEpoch());
      putLong(n, "ndv", d.getNdv());
    } else {
      throw new CatalogException(
          "The streamkit catalog cannot store column statistics of type "
              + data.getClass().getName());
    }
    return n;
  }

  private static CatalogColumnStatisticsDataBase column(JsonNode n) {
    Long nulls = getLong(n, "nullCount");
    Map<String, String> props = properties(n.path("properties"));
    String type = n.path("type").asText();
    switch (type) {
      case "BOOLEAN":
        return new CatalogColumnStatisticsDataBoolean(
            getLong(n, "trueCount"), getLong(n, "falseCount"), nulls, props);
      case "LONG":
        return new CatalogColumnStatisticsDataLong(
            getLong(n, "min"), getLong(n, "max"), getLong(n, "ndv"), nulls, props);
      case "DOUBLE":
        return new CatalogColumnStatisticsDataDouble(
            getDouble(n, "min"), getDouble(n, "max"), getLong(n, "ndv"), nulls, props);
      case "STRING":
        return new CatalogColumnStatisticsDataString(
            getLong(n, "maxLength"), getDouble(n, "avgLength"), getLong(n, "ndv"), nulls, props);
      case "BINARY":
        return new CatalogColumnStatisticsDataBinary(
            getLong(n, "maxLength"), getDouble(n, "avgLength"), nulls, props);
      case "DATE":
        Long min = getLong(n, "min");
        Long max = getLong(n, "max");
        return new CatalogColumnStatisticsDataDate(
            min == null ? null : new Date(min),
            max == null ? null : new Date(max),
            getLong(n, "ndv"),
            nulls,
            props);
      default:
        throw new CatalogException("Corrupt column statistics in the catalog database: " + n);
    }
  }

  private static void putLong(ObjectNode n, String field, Long value) {
    if (value == null) {
      n.putNull(field);
    } else {
      n.put(field, value.longValue());
    }
  }

  private static void putDouble(ObjectNode n, String field, Double value) {
    if (value == null) {
      n.putNull(field);
    } else {
      n.put(field, value.toString());
    }
  }

  private static Long getLong(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isNull() || v.isMissingNode() ? null : v.asLong();
  }

  private static Double getDouble(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isNull() || v.isMissingNode() ? null : Double.valueOf(v.asText());
  }

  private static ObjectNode properties(Map<String, String> map) {
    ObjectNode n = TableCodec.json().createObjectNode();
    if (map != null) {
      new TreeMap<>(map).forEach(n::put);
    }
    return n;
  }

  private static Map<String, String> properties(JsonNode n) {
    Map<String, String> map = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private static String write(JsonNode n) {
    try {
      return TableCodec.json().writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new CatalogException("Cannot encode statistics as JSON", e);
    }
  }

  private static JsonNode read(String json) {
    try {
      return TableCodec.json().readTree(json);
    } catch (JsonProcessingException e) {
      throw new CatalogException("Corrupt statistics JSON in the catalog database", e);
    }
  }
}
