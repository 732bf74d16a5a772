package io.streamkit.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.types.DataType;

/**
 * The columns of a topic's table inferred from sampled message values: each top-level field of the
 * JSON objects is a column, typed by {@link JsonShape} (nested objects as ROW, arrays as ARRAY,
 * objects with data as keys as MAP, numbers widened, NOT NULL where every sample has a value).
 */
final class JsonSchemaInference {
  /**
   * What the samples gave: the columns (empty when no sample was a JSON object), how many values
   * were sampled and how many of them were not JSON objects.
   */
  record Result(List<TopicColumn> columns, int samples, int notJson) {
    boolean inferred() {
      return !columns.isEmpty();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonSchemaInference() {}

  /**
   * Infers the columns of {@code values} (null values, Kafka's tombstones, are skipped); an object
   * with more than {@code mapKeys} distinct keys, most of them rare, is a MAP.
   */
  static Result infer(List<byte[]> values, int mapKeys) {
    JsonShape row = new JsonShape();
    int samples = 0;
    int notJson = 0;
    for (byte[] value : values) {
      if (value == null) {
        continue;
      }
      samples++;
      JsonNode node = parse(value);
      if (node == null || !node.isObject()) {
        notJson++;
        continue;
      }
      row.add(node);
    }
    List<TopicColumn> columns = new ArrayList<>();
    if (row.kind() == JsonShape.Kind.OBJECT) {
      for (Map.Entry<String, JsonShape> f : row.fields().entrySet()) {
        DataType type = f.getValue().dataType(mapKeys);
        columns.add(
            new TopicColumn(
                f.getKey(), row.alwaysPresent(f.getKey()) ? type.notNull() : type, null));
      }
    }
    return new Result(columns, samples, notJson);
  }

  private static JsonNode parse(byte[] value) {
    try {
      return JSON.readTree(value);
    } catch (IOException e) {
      return null;
    }
  }
}
