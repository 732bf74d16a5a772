package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.catalog.TopicColumn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaFilesTest {
  @TempDir Path dir;

  private String read(String name, String text, List<String> errors) throws Exception {
    Path file = Files.writeString(dir.resolve(name), text);
    List<TopicColumn> columns = SchemaFiles.read(file, errors);
    return columns.stream()
        .map(
            c ->
                c.name()
                    + " "
                    + c.type().getLogicalType().asSerializableString()
                    + (c.description() == null ? "" : " '" + c.description() + "'"))
        .collect(Collectors.joining(", "));
  }

  @Test
  void aJsonSchemaOfAnObjectGivesColumnsRequiredOnesNotNull() throws Exception {
    List<String> errors = new ArrayList<>();
    String columns =
        read(
            "clicks.json",
            """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "required": ["id", "user"],
             "properties": {
               "id": {"type": "integer", "description": "click id"},
               "user": {"type": "object", "required": ["name"],
                        "properties": {"name": {"type": "string"}, "age": {"type": ["integer", "null"]}}},
               "amount": {"type": "number"},
               "tags": {"type": "array", "items": {"type": "string"}},
               "attrs": {"type": "object", "additionalProperties": {"type": "boolean"}},
               "day": {"type": "string", "format": "date"},
               "kind": {"enum": ["a", "b"]}
             }}
            """,
            errors);
    assertThat(errors).isEmpty();
    assertThat(columns)
        .isEqualTo(
            "id BIGINT NOT NULL 'click id', user ROW<`name` VARCHAR(2147483647) NOT NULL, `age`"
                + " BIGINT> NOT NULL, amount DOUBLE, tags ARRAY<VARCHAR(2147483647)>, attrs"
                + " MAP<VARCHAR(2147483647), BOOLEAN>, day DATE, kind VARCHAR(2147483647)");
  }

  @Test
  void anAvroRecordSchemaGivesColumnsUnionsWithNullNullable() throws Exception {
    List<String> errors = new ArrayList<>();
    String columns =
        read(
            "clicks.avsc",
            """
            {"type": "record", "name": "Click", "fields": [
              {"name": "id", "type": "long", "doc": "click id"},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "user", "type": {"type": "record", "name": "User",
                 "fields": [{"name": "name", "type": "string"}]}},
              {"name": "referrer", "type": ["null", "User"]},
              {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
              {"name": "tags", "type": {"type": "array", "items": "string"}},
              {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B"]}},
              {"name": "score", "type": ["null", "double"], "default": null}
            ]}
            """,
            errors);
    assertThat(errors).isEmpty();
    assertThat(columns)
        .isEqualTo(
            "id BIGINT NOT NULL 'click id', at TIMESTAMP(3) WITH LOCAL TIME ZONE NOT NULL, user ROW<`name`"
                + " VARCHAR(2147483647) NOT NULL> NOT NULL, referrer ROW<`name` VARCHAR(2147483647)"
                + " NOT NULL>, price DECIMAL(10, 2) NOT NULL, tags ARRAY<VARCHAR(2147483647) NOT"
                + " NULL> NOT NULL, kind VARCHAR(2147483647) NOT NULL, score DOUBLE");
  }

  @Test
  void whatCannotBeAColumnIsRefusedNamingWhere() throws Exception {
    List<String> errors = new ArrayList<>();
    read(
        "bad.json",
        "{\"type\": \"object\",\n \"properties\": {\"x\": {\"$ref\": \"#/defs/X\"}}}",
        errors);
    assertThat(errors)
        .singleElement()
        .asString()
        .endsWith("bad.json: /properties/x: $ref is not supported; inline the definition");

    errors.clear();
    read(
        "bad.avsc",
        "{\"type\": \"record\", \"name\": \"R\", \"fields\": [\n {\"name\": \"v\", \"type\": [\"int\", \"string\"]}]}",
        errors);
    assertThat(errors)
        .singleElement()
        .asString()
        .contains("/fields/0/type: a union of several non-null types");

    errors.clear();
    read("broken.json", "{\"type\": \"object\",\n \"properties\": {\n \"x\": }", errors);
    assertThat(errors).singleElement().asString().contains("broken.json:3: not JSON");

    errors.clear();
    read("table.schema", "id BIGINT 'the id'\nname STRNG\n", errors);
    assertThat(errors)
        .singleElement()
        .asString()
        .endsWith("table.schema:2: column name: unknown type STRNG");
  }
}
