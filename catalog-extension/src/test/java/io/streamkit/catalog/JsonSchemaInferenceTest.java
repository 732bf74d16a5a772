package io.streamkit.catalog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JsonSchemaInferenceTest {
  private static JsonSchemaInference.Result infer(String... values) {
    List<byte[]> bytes = new ArrayList<>();
    for (String v : values) {
      bytes.add(v == null ? null : v.getBytes(UTF_8));
    }
    return JsonSchemaInference.infer(bytes, 32);
  }

  /** The columns as {@code name TYPE} in order, Flink's type syntax. */
  private static String columns(JsonSchemaInference.Result r) {
    return r.columns().stream()
        .map(c -> c.name() + " " + c.type().getLogicalType().asSerializableString())
        .collect(Collectors.joining(", "));
  }

  @Test
  void nestedObjectsAreRowsArraysAreArraysAndFieldsInEverySampleAreNotNull() {
    JsonSchemaInference.Result r =
        infer(
            "{\"id\":1,\"user\":{\"name\":\"a\",\"age\":30},\"tags\":[\"x\",\"y\"],\"ok\":true}",
            "{\"id\":2,\"user\":{\"name\":\"b\"},\"tags\":[],\"ok\":false}");
    assertThat(columns(r))
        .isEqualTo(
            "id BIGINT NOT NULL, user ROW<`name` VARCHAR(2147483647) NOT NULL, `age` BIGINT> NOT"
                + " NULL, tags ARRAY<VARCHAR(2147483647)> NOT NULL, ok BOOLEAN NOT NULL");
    assertThat(r.samples()).isEqualTo(2);
    assertThat(r.notJson()).isZero();
  }

  @Test
  void numbersWidenMissingOrNullFieldsAreNullableAndClashingKindsAreText() {
    JsonSchemaInference.Result r =
        infer(
            "{\"amount\":1,\"note\":null,\"code\":7,\"only_null\":null}",
            "{\"amount\":2.5,\"code\":\"A7\"}",
            "{\"amount\":3,\"note\":\"n\",\"code\":{\"x\":1}}");
    assertThat(columns(r))
        .isEqualTo(
            "amount DOUBLE NOT NULL, note VARCHAR(2147483647), code VARCHAR(2147483647) NOT NULL,"
                + " only_null VARCHAR(2147483647)");
  }

  @Test
  void objectsKeyedByDataOrByManyRareKeysAreMaps() {
    List<String> samples = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      samples.add(
          "{\"by_day\":{\"2026-12-0"
              + (i % 9 + 1)
              + "\":"
              + i
              + "},"
              + "\"attrs\":{\"k"
              + i
              + "\":\"v\",\"k"
              + (i + 100)
              + "\":\"w\"},"
              + "\"fixed\":{\"a\":1,\"b\":2}}");
    }
    JsonSchemaInference.Result r = infer(samples.toArray(String[]::new));
    assertThat(columns(r))
        .isEqualTo(
            "by_day MAP<VARCHAR(2147483647), BIGINT> NOT NULL, attrs MAP<VARCHAR(2147483647),"
                + " VARCHAR(2147483647)> NOT NULL, fixed ROW<`a` BIGINT NOT NULL, `b` BIGINT NOT"
                + " NULL> NOT NULL");
  }

  @Test
  void aWideRecordWithItsFieldsInMostMessagesStaysARow() {
    StringBuilder wide = new StringBuilder("{\"e\":{");
    for (int i = 0; i < 50; i++) {
      wide.append(i == 0 ? "" : ",").append("\"field_").append(i).append("\":").append(i);
    }
    wide.append("}}");
    JsonSchemaInference.Result r = infer(wide.toString(), wide.toString());
    assertThat(r.columns().get(0).type().getLogicalType().getTypeRoot().name()).isEqualTo("ROW");
  }

  @Test
  void messagesThatAreNotJsonObjectsAreCountedAndTombstonesSkipped() {
    JsonSchemaInference.Result r = infer("{\"a\":1}", "hello", "[1,2]", null);
    assertThat(r.samples()).isEqualTo(3);
    assertThat(r.notJson()).isEqualTo(2);
    assertThat(columns(r)).isEqualTo("a BIGINT NOT NULL");
    assertThat(infer().inferred()).isFalse();
  }
}
