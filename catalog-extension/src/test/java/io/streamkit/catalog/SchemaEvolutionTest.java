package io.streamkit.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.table.api.DataTypes;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {
  private static String columns(List<TopicColumn> columns) {
    return columns.stream()
        .map(c -> c.name() + " " + c.type().getLogicalType().asSerializableString())
        .collect(Collectors.joining(", "));
  }

  @Test
  void newFieldsAreAddedNullableAtTheEndAndInsideRowsDescriptionsKept() {
    List<TopicColumn> stored =
        List.of(
            new TopicColumn("id", DataTypes.BIGINT().notNull(), "the id"),
            new TopicColumn(
                "user", DataTypes.ROW(DataTypes.FIELD("name", DataTypes.STRING())), null));
    List<TopicColumn> seen =
        List.of(
            new TopicColumn("id", DataTypes.BIGINT().notNull(), null),
            new TopicColumn("country", DataTypes.STRING().notNull(), null),
            new TopicColumn(
                "user",
                DataTypes.ROW(
                    DataTypes.FIELD("name", DataTypes.STRING()),
                    DataTypes.FIELD("age", DataTypes.BIGINT().notNull())),
                null));
    SchemaEvolution.Result r = SchemaEvolution.evolve(stored, seen);
    assertThat(columns(r.columns()))
        .isEqualTo(
            "id BIGINT NOT NULL, user ROW<`name` VARCHAR(2147483647), `age` BIGINT>, country"
                + " VARCHAR(2147483647)");
    assertThat(r.columns().get(0).description()).isEqualTo("the id");
    assertThat(r.changes()).containsExactly("added user.age BIGINT", "added country STRING");
    assertThat(r.conflicts()).isEmpty();
  }

  @Test
  void nothingIsDroppedOrRetypedConflictsAreReportedWithBothTypes() {
    List<TopicColumn> stored =
        List.of(
            new TopicColumn("count", DataTypes.BIGINT(), null),
            new TopicColumn("price", DataTypes.DECIMAL(10, 2), null),
            new TopicColumn("at", DataTypes.TIMESTAMP(3), null),
            new TopicColumn("gone", DataTypes.STRING(), null),
            new TopicColumn("flag", DataTypes.BOOLEAN().notNull(), null));
    List<TopicColumn> seen =
        List.of(
            new TopicColumn("count", DataTypes.DOUBLE().notNull(), null),
            new TopicColumn("price", DataTypes.DOUBLE().notNull(), null),
            new TopicColumn("at", DataTypes.STRING().notNull(), null),
            new TopicColumn("flag", DataTypes.BOOLEAN(), null));
    SchemaEvolution.Result r = SchemaEvolution.evolve(stored, seen);
    assertThat(columns(r.columns()))
        .isEqualTo(
            "count BIGINT, price DECIMAL(10, 2), at TIMESTAMP(3), gone VARCHAR(2147483647), flag"
                + " BOOLEAN");
    assertThat(r.conflicts())
        .containsExactly(
            "count: stored as BIGINT, but recent messages have DOUBLE NOT NULL (kept as it is)");
    assertThat(r.changes()).containsExactly("made flag nullable (some messages lack it)");
  }

  @Test
  void aStringColumnTakesAnyValue() {
    assertThat(
            SchemaEvolution.fits(
                DataTypes.BIGINT().getLogicalType(), DataTypes.STRING().getLogicalType()))
        .isTrue();
    assertThat(
            SchemaEvolution.fits(
                DataTypes.STRING().getLogicalType(), DataTypes.BIGINT().getLogicalType()))
        .isFalse();
  }
}
