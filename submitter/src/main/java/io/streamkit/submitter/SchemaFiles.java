package io.streamkit.submitter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamkit.catalog.TopicColumn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.table.types.utils.TypeConversions;

/**
 * The columns of a schema file for {@code table register}: a JSON Schema of an object, an Avro
 * record schema ({@code .avsc}), or OStream's table form (lines of {@code name type
 * 'description'}). Errors name the file and the line (table form, JSON syntax) or the JSON pointer
 * of the offending schema part.
 */
final class SchemaFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SchemaFiles() {}

  /** The columns, or (with {@code errors} filled) none. */
  static List<TopicColumn> read(Path file, List<String> errors) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      errors.add(file + ": cannot read: " + e.getMessage());
      return List.of();
    }
    if (!text.stripLeading().startsWith("{")) {
      return tableForm(file, errors);
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      errors.add(
          file + ":" + e.getLocation().getLineNr() + ": not JSON: " + e.getOriginalMessage());
      return List.of();
    }
    List<TopicColumn> columns = new ArrayList<>();
    try {
      if ("record".equals(root.path("type").asText())) {
        new Avro().fields(root, "", columns);
      } else if (root.has("properties")) {
        jsonSchemaFields(root, "", columns);
      } else {
        errors.add(
            file
                + ": neither a JSON Schema of an object (\"properties\") nor an Avro record schema"
                + " (\"type\": \"record\")");
      }
    } catch (IllegalArgumentException e) {
      errors.add(file + ": " + e.getMessage());
      return List.of();
    }
    if (columns.isEmpty() && errors.isEmpty()) {
      errors.add(file + ": no columns");
    }
    return columns;
  }

  private static List<TopicColumn> tableForm(Path file, List<String> errors) {
    List<TopicColumn> columns = new ArrayList<>();
    for (TableCommand.SchemaColumn c : TableCommand.parse(file, errors)) {
      columns.add(
          new TopicColumn(
              c.name(),
              TypeConversions.fromLogicalToDataType(
                  LogicalTypeParser.parse(c.type(), SchemaFiles.class.getClassLoader())),
              c.description()));
    }
    return columns;
  }

  // ---------------------------------------------------------------------------------------------
  // JSON Schema
  // ---------------------------------------------------------------------------------------------

  private static void jsonSchemaFields(JsonNode object, String at, List<TopicColumn> into) {
    Set<String> required = new HashSet<>();
    object.path("required").forEach(n -> required.add(n.asText()));
    object
        .path("properties")
        .fields()
        .forEachRemaining(
            f -> {
              String where = at + "/properties/" + f.getKey();
              DataType type = jsonSchemaType(f.getValue(), where);
              boolean nullable = !required.contains(f.getKey()) || allowsNull(f.getValue());
              into.add(
                  new TopicColumn(
                      f.getKey(),
                      nullable ? type.nullable() : type.notNull(),
                      f.getValue().has("description")
                          ? f.getValue().get("description").asText()
                          : null));
            });
  }

  private static boolean allowsNull(JsonNode schema) {
    JsonNode type = schema.path("type");
    if (type.isArray()) {
      for (JsonNode t : type) {
        if ("null".equals(t.asText())) {
          return true;
        }
      }
    }
    return "null".equals(type.asText());
  }

  private static DataType jsonSchemaType(JsonNode schema, String at) {
    if (schema.has("$ref")) {
      throw new IllegalArgumentException(at + ": $ref is not supported; inline the definition");
    }
    String type = null;
    JsonNode declared = schema.path("type");
    if (declared.isArray()) {
      for (JsonNode t : declared) {
        if (!"null".equals(t.asText())) {
          if (type != null) {
            throw new IllegalArgumentException(
                at + ": a value of several types (" + declared + ") has no column type");
          }
          type = t.asText();
        }
      }
    } else if (declared.isTextual()) {
      type = declared.asText();
    } else if (schema.has("enum") || schema.has("const")) {
      type = "string";
    }
    if (type == null) {
      throw new IllegalArgumentException(at + ": no \"type\"");
    }
    return switch (type) {
      case "string" ->
          "date".equals(schema.path("format").asText()) ? DataTypes.DATE() : DataTypes.STRING();
      case "integer" -> DataTypes.BIGINT();
      case "number" -> DataTypes.DOUBLE();
      case "boolean" -> DataTypes.BOOLEAN();
      case "array" ->
          DataTypes.ARRAY(
              schema.has("items")
                  ? jsonSchemaType(schema.get("items"), at + "/items").nullable()
                  : DataTypes.STRING());
      case "object" -> jsonSchemaObject(schema, at);
      default -> throw new IllegalArgumentException(at + ": unknown type \"" + type + "\"");
    };
  }

  private static DataType jsonSchemaObject(JsonNode schema, String at) {
    if (schema.has("properties")) {
      List<TopicColumn> fields = new ArrayList<>();
      jsonSchemaFields(schema, at, fields);
      return DataTypes.ROW(
          fields.stream()
              .map(f -> DataTypes.FIELD(f.name(), f.type()))
              .toArray(DataTypes.Field[]::new));
    }
    JsonNode values = schema.path("additionalProperties");
    return DataTypes.MAP(
        DataTypes.STRING(),
        values.isObject()
            ? jsonSchemaType(values, at + "/additionalProperties")
            : DataTypes.STRING());
  }

  // ---------------------------------------------------------------------------------------------
  // Avro
  // ---------------------------------------------------------------------------------------------

  /** Avro types; named records, enums and fixed types are remembered for later references. */
  private static final class Avro {
    private final Map<String, DataType> named = new HashMap<>();

    void fields(JsonNode record, String at, List<TopicColumn> into) {
      JsonNode fields = record.path("fields");
      if (!fields.isArray()) {
        throw new IllegalArgumentException(at + ": a record without \"fields\"");
      }
      for (int i = 0; i < fields.size(); i++) {
        JsonNode f = fields.get(i);
        String where = at + "/fields/" + i;
        if (!f.has("name")) {
          throw new IllegalArgumentException(where + ": a field without \"name\"");
        }
        into.add(
            new TopicColumn(
                f.get("name").asText(),
                type(f.get("type"), where + "/type"),
                f.has("doc") ? f.get("doc").asText() : null));
      }
    }

    DataType type(JsonNode type, String at) {
      if (type == null) {
        throw new IllegalArgumentException(at + ": no type");
      }
      if (type.isArray()) {
        DataType only = null;
        boolean nullable = false;
        for (int i = 0; i < type.size(); i++) {
          if ("null".equals(type.get(i).asText())) {
            nullable = true;
          } else if (only != null) {
            throw new IllegalArgumentException(
                at + ": a union of several non-null types (" + type + ") has no column type");
          } else {
            only = type(type.get(i), at + "/" + i);
          }
        }
        if (only == null) {
          throw new IllegalArgumentException(at + ": a union of null only");
        }
        return nullable ? only.nullable() : only;
      }
      if (type.isTextual()) {
        return primitive(type.asText(), at);
      }
      String logical = type.path("logicalType").asText("");
      switch (logical) {
        case "timestamp-millis":
          return DataTypes.TIMESTAMP_LTZ(3).notNull();
        case "timestamp-micros":
          return DataTypes.TIMESTAMP_LTZ(6).notNull();
        case "date":
          return DataTypes.DATE().notNull();
        case "decimal":
          return DataTypes.DECIMAL(type.path("precision").asInt(38), type.path("scale").asInt(0))
              .notNull();
        default:
          break;
      }
      String kind = type.path("type").asText();
      DataType result =
          switch (kind) {
            case "record" -> {
              List<TopicColumn> fields = new ArrayList<>();
              fields(type, at, fields);
              yield DataTypes.ROW(
                  fields.stream()
                      .map(f -> DataTypes.FIELD(f.name(), f.type()))
                      .toArray(DataTypes.Field[]::new));
            }
            case "enum" -> DataTypes.STRING();
            case "fixed" -> DataTypes.BYTES();
            case "array" -> DataTypes.ARRAY(type(type.get("items"), at + "/items"));
            case "map" ->
                DataTypes.MAP(DataTypes.STRING(), type(type.get("values"), at + "/values"));
            default -> primitive(kind, at);
          };
      if (type.has("name")) {
        named.put(type.get("name").asText(), result.notNull());
      }
      return result.notNull();
    }

    private DataType primitive(String name, String at) {
      DataType type =
          switch (name) {
            case "boolean" -> DataTypes.BOOLEAN();
            case "int" -> DataTypes.INT();
            case "long" -> DataTypes.BIGINT();
            case "float" -> DataTypes.FLOAT();
            case "double" -> DataTypes.DOUBLE();
            case "bytes" -> DataTypes.BYTES();
            case "string" -> DataTypes.STRING();
            default -> named.get(name);
          };
      if (type == null) {
        throw new IllegalArgumentException(at + ": unknown Avro type \"" + name + "\"");
      }
      return type.notNull();
    }
  }
}
