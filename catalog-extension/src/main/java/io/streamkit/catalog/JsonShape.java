package io.streamkit.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.DataType;

/**
 * What sampled JSON values looked like, merged over the samples: the widest type each field took
 * and in how many of its parent's occurrences it was present and not null. Merging widens (an
 * integer and a fraction are a DOUBLE), and values of kinds that do not fit together (a number and
 * a string, an object and a string) become a STRING holding the JSON text, which Flink's JSON
 * format reads from any value.
 */
final class JsonShape {
  enum Kind {
    NULL,
    BOOLEAN,
    INTEGER,
    FRACTION,
    STRING,
    ARRAY,
    OBJECT
  }

  /** Keys that are data, not names: numbers, ids, dates. An object keyed by them is a MAP. */
  private static final Pattern DATA_KEY =
      Pattern.compile("\\d+|[0-9a-fA-F-]{16,}|\\d{4}-\\d{2}-\\d{2}.*");

  private Kind kind = Kind.NULL;
  private JsonShape element; // ARRAY
  private final Map<String, JsonShape> fields = new LinkedHashMap<>(); // OBJECT, in order seen
  private final Map<String, Integer> present = new LinkedHashMap<>(); // OBJECT: non-null count
  private int occurrences; // OBJECT: how many objects were merged in

  /** Merges one JSON value in. */
  void add(JsonNode node) {
    Kind seen = kindOf(node);
    if (seen == Kind.NULL) {
      return;
    }
    kind = widen(kind, seen);
    if (kind == Kind.ARRAY && seen == Kind.ARRAY) {
      if (element == null) {
        element = new JsonShape();
      }
      node.forEach(element::add);
    } else if (kind == Kind.OBJECT && seen == Kind.OBJECT) {
      occurrences++;
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        fields.computeIfAbsent(field.getKey(), k -> new JsonShape()).add(field.getValue());
        if (!field.getValue().isNull()) {
          present.merge(field.getKey(), 1, Integer::sum);
        }
      }
    }
  }

  Kind kind() {
    return kind;
  }

  /** The fields of an object, in the order first seen. */
  Map<String, JsonShape> fields() {
    return fields;
  }

  /** Whether {@code field} was present and not null in every object merged in. */
  boolean alwaysPresent(String field) {
    return present.getOrDefault(field, 0) == occurrences;
  }

  /**
   * Flink's type for this shape: BOOLEAN, BIGINT, DOUBLE, STRING, ARRAY, ROW (fields present in
   * every sample NOT NULL), or MAP&lt;STRING, ...&gt; for an object whose keys are data ({@link
   * #isMap}). A field only ever seen null is a STRING.
   */
  DataType dataType(int mapKeys) {
    return switch (kind) {
      case NULL, STRING -> DataTypes.STRING();
      case BOOLEAN -> DataTypes.BOOLEAN();
      case INTEGER -> DataTypes.BIGINT();
      case FRACTION -> DataTypes.DOUBLE();
      case ARRAY ->
          DataTypes.ARRAY(element == null ? DataTypes.STRING() : element.dataType(mapKeys));
      case OBJECT -> isMap(mapKeys) ? mapType(mapKeys) : rowType(mapKeys);
    };
  }

  private DataType rowType(int mapKeys) {
    DataTypes.Field[] row =
        fields.entrySet().stream()
            .map(
                f -> {
                  DataType type = f.getValue().dataType(mapKeys);
                  return DataTypes.FIELD(
                      f.getKey(), alwaysPresent(f.getKey()) ? type.notNull() : type);
                })
            .toArray(DataTypes.Field[]::new);
    return DataTypes.ROW(row);
  }

  private DataType mapType(int mapKeys) {
    JsonShape values = new JsonShape();
    for (JsonShape field : fields.values()) {
      values.merge(field);
    }
    return DataTypes.MAP(DataTypes.STRING(), values.dataType(mapKeys));
  }

  /**
   * An object is a MAP when it has no keys (nothing to name), when its keys look like data
   * (numbers, ids, dates), or when there are more than {@code mapKeys} distinct keys and each is
   * present in fewer than half of the objects on average: a record type with many fields has most
   * of them in most records.
   */
  boolean isMap(int mapKeys) {
    if (fields.isEmpty()) {
      return true;
    }
    if (fields.keySet().stream().allMatch(k -> DATA_KEY.matcher(k).matches())) {
      return true;
    }
    if (fields.size() <= mapKeys) {
      return false;
    }
    double meanPresence =
        present.values().stream().mapToInt(Integer::intValue).sum()
            / (double) (fields.size() * Math.max(1, occurrences));
    return meanPresence < 0.5;
  }

  /** Merges another shape of the same field in (a map's values). */
  private void merge(JsonShape other) {
    if (other.kind == Kind.NULL) {
      return;
    }
    kind = widen(kind, other.kind);
    if (kind == Kind.ARRAY && other.kind == Kind.ARRAY && other.element != null) {
      if (element == null) {
        element = new JsonShape();
      }
      element.merge(other.element);
    } else if (kind == Kind.OBJECT && other.kind == Kind.OBJECT) {
      occurrences += other.occurrences;
      other.fields.forEach((k, v) -> fields.computeIfAbsent(k, x -> new JsonShape()).merge(v));
      other.present.forEach((k, n) -> present.merge(k, n, Integer::sum));
    }
  }

  static Kind kindOf(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Kind.NULL;
    } else if (node.isBoolean()) {
      return Kind.BOOLEAN;
    } else if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? Kind.INTEGER : Kind.FRACTION;
    } else if (node.isNumber()) {
      return Kind.FRACTION;
    } else if (node.isArray()) {
      return Kind.ARRAY;
    } else if (node.isObject()) {
      return Kind.OBJECT;
    }
    return Kind.STRING;
  }

  /** The kind both values fit: the same, NULL's other, a fraction for numbers, else STRING. */
  static Kind widen(Kind a, Kind b) {
    if (a == b || b == Kind.NULL) {
      return a;
    } else if (a == Kind.NULL) {
      return b;
    } else if ((a == Kind.INTEGER && b == Kind.FRACTION)
        || (a == Kind.FRACTION && b == Kind.INTEGER)) {
      return Kind.FRACTION;
    }
    return Kind.STRING;
  }
}
