package io.streamkit.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfoUtils;
import org.junit.jupiter.api.Test;

/**
 * Every Flink type Hive has, both ways: a value handed to Hive as its standard Java object and read
 * back through Hive's inspector of that type comes out equal, with the Flink type Hive's type maps
 * to; types Hive lacks are refused naming the argument.
 */
class HiveTypesTest {
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private static Object roundTrip(DataType type, Object value) {
    TypeInfo hive = HiveTypes.toHive(type.getLogicalType(), "f", 0);
    ObjectInspector inspector = TypeInfoUtils.getStandardJavaObjectInspectorFromTypeInfo(hive);
    DataType back = HiveTypes.toFlink(hive);
    return HiveTypes.toFlinkValue(HiveTypes.toHiveValue(value, hive, ZONE), inspector, back);
  }

  @Test
  void everyTypeHiveHasRoundTrips() {
    assertThat(roundTrip(DataTypes.STRING(), "ünïcode ✓")).isEqualTo("ünïcode ✓");
    assertThat(roundTrip(DataTypes.BOOLEAN(), true)).isEqualTo(true);
    assertThat(roundTrip(DataTypes.TINYINT(), (byte) -7)).isEqualTo((byte) -7);
    assertThat(roundTrip(DataTypes.SMALLINT(), (short) 300)).isEqualTo((short) 300);
    assertThat(roundTrip(DataTypes.INT(), 42)).isEqualTo(42);
    assertThat(roundTrip(DataTypes.BIGINT(), Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
    assertThat(roundTrip(DataTypes.FLOAT(), 1.5f)).isEqualTo(1.5f);
    assertThat(roundTrip(DataTypes.DOUBLE(), Math.PI)).isEqualTo(Math.PI);
    assertThat(roundTrip(DataTypes.DECIMAL(20, 4), new BigDecimal("1234567890123456.7891")))
        .isEqualTo(new BigDecimal("1234567890123456.7891"));
    assertThat(roundTrip(DataTypes.DATE(), LocalDate.of(1969, 12, 31)))
        .isEqualTo(LocalDate.of(1969, 12, 31));
    assertThat(
            roundTrip(DataTypes.TIMESTAMP(9), LocalDateTime.of(2026, 12, 6, 10, 5, 1, 123456789)))
        .isEqualTo(LocalDateTime.of(2026, 12, 6, 10, 5, 1, 123456789));
    assertThat((byte[]) roundTrip(DataTypes.BYTES(), new byte[] {1, 2, 3}))
        .containsExactly(1, 2, 3);
    assertThat((Long[]) roundTrip(DataTypes.ARRAY(DataTypes.BIGINT()), new Long[] {1L, null, 3L}))
        .containsExactly(1L, null, 3L);
    assertThat(
            roundTrip(
                DataTypes.MAP(DataTypes.STRING(), DataTypes.ARRAY(DataTypes.INT())),
                Map.of("k", new Integer[] {1, 2})))
        .satisfies(m -> assertThat((Integer[]) ((Map<?, ?>) m).get("k")).containsExactly(1, 2));
    Row row = Row.of("a", 5, LocalDate.of(2020, 2, 29));
    assertThat(
            roundTrip(
                DataTypes.ROW(
                    DataTypes.FIELD("s", DataTypes.STRING()),
                    DataTypes.FIELD("i", DataTypes.INT()),
                    DataTypes.FIELD("d", DataTypes.DATE())),
                row))
        .isEqualTo(row);
    assertThat(roundTrip(DataTypes.INT(), null)).isNull();
  }

  @Test
  void timestampLtzBecomesTheLocalTimeOfTheSessionZone() {
    assertThat(roundTrip(DataTypes.TIMESTAMP_LTZ(3), Instant.EPOCH))
        .isEqualTo(LocalDateTime.of(1970, 1, 1, 8, 0));
  }

  @Test
  void hiveTypesMapToFlinksOnTheWayBack() {
    assertThat(HiveTypes.toFlink(TypeInfoUtils.getTypeInfoFromTypeString("varchar(10)")))
        .isEqualTo(DataTypes.STRING());
    assertThat(HiveTypes.toFlink(TypeInfoUtils.getTypeInfoFromTypeString("decimal(10,2)")))
        .isEqualTo(DataTypes.DECIMAL(10, 2));
    assertThat(
            HiveTypes.toFlink(
                TypeInfoUtils.getTypeInfoFromTypeString("struct<a:int,b:array<string>>")))
        .isEqualTo(
            DataTypes.ROW(
                DataTypes.FIELD("a", DataTypes.INT()),
                DataTypes.FIELD("b", DataTypes.ARRAY(DataTypes.STRING()))));
  }

  @Test
  void typesHiveLacksAreRefusedNamingTheArgument() {
    for (DataType t :
        List.of(
            DataTypes.TIME(),
            DataTypes.INTERVAL(DataTypes.DAY()),
            DataTypes.MULTISET(DataTypes.INT()))) {
      assertThatThrownBy(() -> HiveTypes.toHive(t.getLogicalType(), "my_udf", 2))
          .isInstanceOf(ValidationException.class)
          .hasMessageStartingWith("Argument 3 of Hive function my_udf has type")
          .hasMessageContaining("CAST it");
    }
  }

  @Test
  void determinismComesFromHive() {
    HiveModule module = new HiveModule();
    assertThat(module.getFunctionDefinition("rand").orElseThrow().isDeterministic()).isFalse();
    assertThat(module.getFunctionDefinition("upper").orElseThrow().isDeterministic()).isTrue();
  }
}
