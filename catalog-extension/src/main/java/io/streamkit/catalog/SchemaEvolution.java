package io.streamkit.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;

/**
 * A topic's stored columns brought up to what new samples show, by additions only: fields seen for
 * the first time become nullable columns (or nullable fields of a ROW column); a column that some
 * samples now lack loses its NOT NULL; nothing is dropped, and a value that does not fit its
 * column's type (a fraction in a BIGINT, text in a DOUBLE) is reported, never retyped.
 */
final class SchemaEvolution {
  /**
   * The evolved columns, what was added or relaxed ({@code a.b} for nested fields) and conflicts.
   */
  record Result(List<TopicColumn> columns, List<String> changes, List<String> conflicts) {}

  private SchemaEvolution() {}

  /** {@code stored} (descriptions kept) evolved by what {@code seen} shows. */
  static Result evolve(List<TopicColumn> stored, List<TopicColumn> seen) {
    Map<String, LogicalType> storedTypes = new LinkedHashMap<>();
    stored.forEach(c -> storedTypes.put(c.name(), c.type().getLogicalType()));
    Map<String, LogicalType> seenTypes = new LinkedHashMap<>();
    seen.forEach(c -> seenTypes.put(c.name(), c.type().getLogicalType()));
    List<String> changes = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    Map<String, LogicalType> evolved = fields(storedTypes, seenTypes, "", changes, conflicts);
    Map<String, String> descriptions = new LinkedHashMap<>();
    stored.forEach(c -> descriptions.put(c.name(), c.description()));
    List<TopicColumn> columns = new ArrayList<>();
    evolved.forEach(
        (name, type) ->
            columns.add(
                new TopicColumn(
                    name, TypeConversions.fromLogicalToDataType(type), descriptions.get(name))));
    return new Result(columns, changes, conflicts);
  }

  private static Map<String, LogicalType> fields(
      Map<String, LogicalType> stored,
      Map<String, LogicalType> seen,
      String prefix,
      List<String> changes,
      List<String> conflicts) {
    Map<String, LogicalType> result = new LinkedHashMap<>();
    stored.forEach(
        (name, type) -> {
          LogicalType now = seen.get(name);
          result.put(
              name, now == null ? type : field(type, now, prefix + name, changes, conflicts));
        });
    seen.forEach(
        (name, type) -> {
          if (!stored.containsKey(name)) {
            result.put(name, type.copy(true));
            changes.add("added " + prefix + name + " " + type.copy(true).asSummaryString());
          }
        });
    return result;
  }

  private static LogicalType field(
      LogicalType stored,
      LogicalType seen,
      String path,
      List<String> changes,
      List<String> conflicts) {
    LogicalType type = stored;
    if (stored instanceof RowType storedRow && seen instanceof RowType seenRow) {
      type = row(storedRow, seenRow, path, changes, conflicts);
    } else if (stored instanceof ArrayType a && seen instanceof ArrayType b) {
      type =
          new ArrayType(
              stored.isNullable(),
              field(a.getElementType(), b.getElementType(), path + "[]", changes, conflicts));
    } else if (stored instanceof MapType a && seen instanceof MapType b) {
      type =
          new MapType(
              stored.isNullable(),
              a.getKeyType(),
              field(a.getValueType(), b.getValueType(), path + "{}", changes, conflicts));
    } else if (!fits(seen, stored)) {
      conflicts.add(
          path
              + ": stored as "
              + stored.asSummaryString()
              + ", but recent messages have "
              + seen.asSummaryString()
              + " (kept as it is)");
    }
    if (!type.isNullable() && seen.isNullable()) {
      changes.add("made " + path + " nullable (some messages lack it)");
      type = type.copy(true);
    }
    return type;
  }

  private static RowType row(
      RowType stored, RowType seen, String path, List<String> changes, List<String> conflicts) {
    Map<String, LogicalType> storedFields = new LinkedHashMap<>();
    stored.getFields().forEach(f -> storedFields.put(f.getName(), f.getType()));
    Map<String, LogicalType> seenFields = new LinkedHashMap<>();
    seen.getFields().forEach(f -> seenFields.put(f.getName(), f.getType()));
    Map<String, LogicalType> merged =
        fields(storedFields, seenFields, path + ".", changes, conflicts);
    List<RowType.RowField> fields = new ArrayList<>();
    merged.forEach((name, type) -> fields.add(new RowType.RowField(name, type)));
    return new RowType(stored.isNullable(), fields);
  }

  /**
   * Whether JSON values inferred as {@code seen} (BOOLEAN, BIGINT, DOUBLE, STRING, or a nested
   * type) read into a column of type {@code stored}: a STRING column takes any value; numbers take
   * integers, and only the approximate and decimal ones take fractions; text goes into character,
   * time and binary columns, as Flink's JSON format parses it.
   */
  static boolean fits(LogicalType seen, LogicalType stored) {
    LogicalTypeRoot root = stored.getTypeRoot();
    if (stored.is(LogicalTypeFamily.CHARACTER_STRING)) {
      return true;
    }
    return switch (seen.getTypeRoot()) {
      case BOOLEAN -> root == LogicalTypeRoot.BOOLEAN;
      case BIGINT -> stored.is(LogicalTypeFamily.NUMERIC);
      case DOUBLE ->
          stored.is(LogicalTypeFamily.APPROXIMATE_NUMERIC) || root == LogicalTypeRoot.DECIMAL;
      case VARCHAR, CHAR ->
          stored.is(LogicalTypeFamily.DATETIME)
              || stored.is(LogicalTypeFamily.BINARY_STRING)
              || root == LogicalTypeRoot.DECIMAL;
      case ROW, MAP -> root == LogicalTypeRoot.ROW || root == LogicalTypeRoot.MAP;
      case ARRAY -> root == LogicalTypeRoot.ARRAY;
      default -> seen.copy(true).equals(stored.copy(true));
    };
  }
}
