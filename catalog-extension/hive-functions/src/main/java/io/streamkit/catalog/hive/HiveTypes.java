package io.streamkit.catalog.hive;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;
import org.apache.hadoop.hive.common.type.Date;
import org.apache.hadoop.hive.common.type.HiveChar;
import org.apache.hadoop.hive.common.type.HiveDecimal;
import org.apache.hadoop.hive.common.type.HiveVarchar;
import org.apache.hadoop.hive.common.type.Timestamp;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorUtils;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorFactory;
import org.apache.hadoop.hive.serde2.typeinfo.DecimalTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.ListTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.MapTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.PrimitiveTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.StructTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfoFactory;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfoUtils;

/**
 * Flink types and values to Hive's and back. Arguments reach Hive as standard Java objects (a
 * {@code String}, an {@code Integer}, Hive's {@code HiveDecimal}, {@code Date}, {@code Timestamp},
 * lists, maps, structs as lists); results come back through {@code copyToStandardJavaObject}, so a
 * function may answer in Writables. Flink's {@code TIMESTAMP_LTZ} (what {@code PROCTIME()} and
 * Kafka timestamps are) becomes a Hive timestamp in the session time zone, as {@code CAST(... AS
 * TIMESTAMP)} would make it.
 */
final class HiveTypes {
  private HiveTypes() {}

  /** Hive's type for a Flink argument type; a type Hive lacks is a planning error naming it. */
  static TypeInfo toHive(LogicalType t, String function, int argument) {
    switch (t.getTypeRoot()) {
      case CHAR:
      case VARCHAR:
        return TypeInfoFactory.stringTypeInfo;
      case BOOLEAN:
        return TypeInfoFactory.booleanTypeInfo;
      case TINYINT:
        return TypeInfoFactory.byteTypeInfo;
      case SMALLINT:
        return TypeInfoFactory.shortTypeInfo;
      case INTEGER:
        return TypeInfoFactory.intTypeInfo;
      case BIGINT:
        return TypeInfoFactory.longTypeInfo;
      case FLOAT:
        return TypeInfoFactory.floatTypeInfo;
      case DOUBLE:
        return TypeInfoFactory.doubleTypeInfo;
      case DECIMAL:
        DecimalType d = (DecimalType) t;
        return TypeInfoFactory.getDecimalTypeInfo(
            Math.min(d.getPrecision(), HiveDecimal.MAX_PRECISION),
            Math.min(d.getScale(), HiveDecimal.MAX_SCALE));
      case DATE:
        return TypeInfoFactory.dateTypeInfo;
      case TIMESTAMP_WITHOUT_TIME_ZONE:
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        return TypeInfoFactory.timestampTypeInfo;
      case BINARY:
      case VARBINARY:
        return TypeInfoFactory.binaryTypeInfo;
      case NULL:
        return TypeInfoFactory.voidTypeInfo;
      case ARRAY:
        return TypeInfoFactory.getListTypeInfo(
            toHive(((ArrayType) t).getElementType(), function, argument));
      case MAP:
        MapType m = (MapType) t;
        return TypeInfoFactory.getMapTypeInfo(
            toHive(m.getKeyType(), function, argument),
            toHive(m.getValueType(), function, argument));
      case ROW:
        RowType r = (RowType) t;
        List<TypeInfo> fields = new ArrayList<>();
        for (LogicalType f : r.getChildren()) {
          fields.add(toHive(f, function, argument));
        }
        return TypeInfoFactory.getStructTypeInfo(r.getFieldNames(), fields);
      default:
        throw new ValidationException(
            String.format(
                "Argument %d of Hive function %s has type %s, which Hive functions cannot take."
                    + " CAST it to a type Hive has (STRING, BIGINT, DOUBLE, DECIMAL, DATE,"
                    + " TIMESTAMP, BYTES, ARRAY, MAP, ROW).",
                argument + 1, function, t.asSummaryString()));
    }
  }

  /** Flink's type for what Hive answers. */
  static DataType toFlink(TypeInfo t) {
    switch (t.getCategory()) {
      case PRIMITIVE:
        PrimitiveTypeInfo p = (PrimitiveTypeInfo) t;
        switch (p.getPrimitiveCategory()) {
          case STRING:
          case VARCHAR:
          case CHAR:
            return DataTypes.STRING();
          case BOOLEAN:
            return DataTypes.BOOLEAN();
          case BYTE:
            return DataTypes.TINYINT();
          case SHORT:
            return DataTypes.SMALLINT();
          case INT:
            return DataTypes.INT();
          case LONG:
            return DataTypes.BIGINT();
          case FLOAT:
            return DataTypes.FLOAT();
          case DOUBLE:
            return DataTypes.DOUBLE();
          case DECIMAL:
            DecimalTypeInfo d = (DecimalTypeInfo) p;
            return DataTypes.DECIMAL(d.precision(), d.scale());
          case DATE:
            return DataTypes.DATE();
          case TIMESTAMP:
            return DataTypes.TIMESTAMP(9);
          case BINARY:
            return DataTypes.BYTES();
          case VOID:
            return DataTypes.NULL();
          default:
            break;
        }
        break;
      case LIST:
        return DataTypes.ARRAY(toFlink(((ListTypeInfo) t).getListElementTypeInfo()));
      case MAP:
        MapTypeInfo m = (MapTypeInfo) t;
        return DataTypes.MAP(toFlink(m.getMapKeyTypeInfo()), toFlink(m.getMapValueTypeInfo()));
      case STRUCT:
        StructTypeInfo s = (StructTypeInfo) t;
        List<DataTypes.Field> fields = new ArrayList<>();
        for (int i = 0; i < s.getAllStructFieldNames().size(); i++) {
          fields.add(
              DataTypes.FIELD(
                  s.getAllStructFieldNames().get(i),
                  toFlink(s.getAllStructFieldTypeInfos().get(i))));
        }
        return DataTypes.ROW(fields);
      default:
        break;
    }
    throw new ValidationException(
        "A Hive function answers with type " + t.getTypeName() + ", which Flink has no type for.");
  }

  static DataType toFlink(ObjectInspector oi) {
    return toFlink(TypeInfoUtils.getTypeInfoFromObjectInspector(oi));
  }

  /** The inspector of an argument: of standard Java objects, or of a constant. */
  static ObjectInspector inspector(TypeInfo t, boolean constant, Object value, ZoneId zone) {
    if (constant && t instanceof PrimitiveTypeInfo p && value != null) {
      Object javaValue = toHiveValue(value, t, zone);
      Object writable =
          ObjectInspectorUtils.copyToStandardObject(
              javaValue,
              PrimitiveObjectInspectorFactory.getPrimitiveJavaObjectInspector(p),
              ObjectInspectorUtils.ObjectInspectorCopyOption.WRITABLE);
      return PrimitiveObjectInspectorFactory.getPrimitiveWritableConstantObjectInspector(
          p, writable);
    }
    return TypeInfoUtils.getStandardJavaObjectInspectorFromTypeInfo(t);
  }

  /** A Flink value (its default external class) as the standard Java object of {@code t}. */
  static Object toHiveValue(Object v, TypeInfo t, ZoneId zone) {
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal b) {
      return HiveDecimal.create(b);
    }
    if (v instanceof LocalDate d) {
      return Date.ofEpochDay((int) d.toEpochDay());
    }
    if (v instanceof LocalDateTime ldt) {
      return Timestamp.ofEpochSecond(ldt.toEpochSecond(ZoneOffset.UTC), ldt.getNano());
    }
    if (v instanceof Instant i) {
      LocalDateTime ldt = LocalDateTime.ofInstant(i, zone);
      return Timestamp.ofEpochSecond(ldt.toEpochSecond(ZoneOffset.UTC), ldt.getNano());
    }
    if (t instanceof ListTypeInfo l && v.getClass().isArray()) {
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < Array.getLength(v); i++) {
        list.add(toHiveValue(Array.get(v, i), l.getListElementTypeInfo(), zone));
      }
      return list;
    }
    if (t instanceof MapTypeInfo m && v instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, val) ->
              out.put(
                  toHiveValue(k, m.getMapKeyTypeInfo(), zone),
                  toHiveValue(val, m.getMapValueTypeInfo(), zone)));
      return out;
    }
    if (t instanceof StructTypeInfo s && v instanceof Row row) {
      List<Object> fields = new ArrayList<>();
      for (int i = 0; i < row.getArity(); i++) {
        fields.add(toHiveValue(row.getField(i), s.getAllStructFieldTypeInfos().get(i), zone));
      }
      return fields;
    }
    return v; // String, boxed numbers, Boolean, byte[]
  }

  /** What Hive answered, read through {@code oi}, as the default external value of {@code t}. */
  static Object toFlinkValue(Object hive, ObjectInspector oi, DataType t) {
    if (hive == null) {
      return null;
    }
    return fromStandard(ObjectInspectorUtils.copyToStandardJavaObject(hive, oi), t);
  }

  private static Object fromStandard(Object v, DataType t) {
    if (v == null) {
      return null;
    }
    LogicalType lt = t.getLogicalType();
    switch (lt.getTypeRoot()) {
      case CHAR:
      case VARCHAR:
        if (v instanceof HiveVarchar hv) {
          return hv.getValue();
        }
        if (v instanceof HiveChar hc) {
          return hc.getValue();
        }
        return v.toString();
      case DECIMAL:
        BigDecimal b = ((HiveDecimal) v).bigDecimalValue();
        return b.setScale(((DecimalType) lt).getScale(), java.math.RoundingMode.HALF_UP);
      case DATE:
        return LocalDate.ofEpochDay(((Date) v).toEpochDay());
      case TIMESTAMP_WITHOUT_TIME_ZONE:
        Timestamp ts = (Timestamp) v;
        return LocalDateTime.ofEpochSecond(ts.toEpochSecond(), ts.getNanos(), ZoneOffset.UTC);
      case ARRAY:
        List<?> list = (List<?>) v;
        DataType element = t.getChildren().get(0);
        Object array = Array.newInstance(element.getConversionClass(), list.size());
        for (int i = 0; i < list.size(); i++) {
          Array.set(array, i, fromStandard(list.get(i), element));
        }
        return array;
      case MAP:
        Map<Object, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) v)
            .forEach(
                (k, val) ->
                    out.put(
                        fromStandard(k, t.getChildren().get(0)),
                        fromStandard(val, t.getChildren().get(1))));
        return out;
      case ROW:
        List<?> fields = (List<?>) v;
        Row row = new Row(fields.size());
        for (int i = 0; i < fields.size(); i++) {
          row.setField(i, fromStandard(fields.get(i), t.getChildren().get(i)));
        }
        return row;
      default:
        return v;
    }
  }

  /** Flink's default external data type of a logical type (what {@code eval} receives). */
  static DataType dataType(LogicalType t) {
    return TypeConversions.fromLogicalToDataType(t);
  }
}
