package io.streamkit.dimension;

import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/** Converts between JDBC values and Flink's internal row data, by the Flink column types. */
final class RowConverter implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LogicalType[] columnTypes;
  private final int[] keyIndexes;

  RowConverter(List<LogicalType> columnTypes, int[] keyIndexes) {
    this.columnTypes = columnTypes.toArray(LogicalType[]::new);
    this.keyIndexes = keyIndexes;
  }

  /** The types Flink can look up and read; anything else is refused at planning time. */
  static boolean isSupported(LogicalType type) {
    switch (type.getTypeRoot()) {
      case CHAR:
      case VARCHAR:
      case BOOLEAN:
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
      case FLOAT:
      case DOUBLE:
      case DECIMAL:
      case DATE:
      case TIME_WITHOUT_TIME_ZONE:
      case TIMESTAMP_WITHOUT_TIME_ZONE:
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
      case BINARY:
      case VARBINARY:
        return true;
      default:
        return false;
    }
  }

  /** Reads the current result-set row, whose columns are the table's columns in order. */
  GenericRowData read(ResultSet rs) throws SQLException {
    GenericRowData row = new GenericRowData(columnTypes.length);
    for (int i = 0; i < columnTypes.length; i++) {
      row.setField(i, read(rs, i + 1, columnTypes[i]));
    }
    return row;
  }

  /** The lookup key of a table row: its key columns, as Flink passes keys to lookups. */
  GenericRowData keyOf(RowData row) {
    GenericRowData key = new GenericRowData(keyIndexes.length);
    GenericRowData source = (GenericRowData) row;
    for (int i = 0; i < keyIndexes.length; i++) {
      key.setField(i, source.getField(keyIndexes[i]));
    }
    return key;
  }

  /** Binds the key's fields to parameters {@code first, first + 1, ...}; returns the next index. */
  int bindKey(PreparedStatement ps, int first, RowData key) throws SQLException {
    GenericRowData k = (GenericRowData) key;
    for (int i = 0; i < keyIndexes.length; i++) {
      ps.setObject(first + i, toJdbc(k.getField(i), columnTypes[keyIndexes[i]]));
    }
    return first + keyIndexes.length;
  }

  boolean keyHasNull(RowData key) {
    for (int i = 0; i < key.getArity(); i++) {
      if (key.isNullAt(i)) {
        return true;
      }
    }
    return false;
  }

  private static Object read(ResultSet rs, int index, LogicalType type) throws SQLException {
    Object value;
    switch (type.getTypeRoot()) {
      case CHAR:
      case VARCHAR:
        String s = rs.getString(index);
        return s == null ? null : StringData.fromString(s);
      case BOOLEAN:
        value = rs.getBoolean(index);
        break;
      case TINYINT:
        value = rs.getByte(index);
        break;
      case SMALLINT:
        value = rs.getShort(index);
        break;
      case INTEGER:
        value = rs.getInt(index);
        break;
      case BIGINT:
        value = rs.getLong(index);
        break;
      case FLOAT:
        value = rs.getFloat(index);
        break;
      case DOUBLE:
        value = rs.getDouble(index);
        break;
      case DECIMAL:
        BigDecimal d = rs.getBigDecimal(index);
        DecimalType dt = (DecimalType) type;
        return d == null ? null : DecimalData.fromBigDecimal(d, dt.getPrecision(), dt.getScale());
      case DATE:
        java.sql.Date date = rs.getDate(index);
        return date == null ? null : (int) date.toLocalDate().toEpochDay();
      case TIME_WITHOUT_TIME_ZONE:
        java.sql.Time time = rs.getTime(index);
        return time == null ? null : (int) (time.toLocalTime().toNanoOfDay() / 1_000_000L);
      case TIMESTAMP_WITHOUT_TIME_ZONE:
        Timestamp ts = rs.getTimestamp(index);
        return ts == null ? null : TimestampData.fromLocalDateTime(ts.toLocalDateTime());
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        Timestamp instant = rs.getTimestamp(index);
        return instant == null ? null : TimestampData.fromInstant(instant.toInstant());
      case BINARY:
      case VARBINARY:
        return rs.getBytes(index);
      default:
        throw new SQLException("Unsupported column type " + type);
    }
    return rs.wasNull() ? null : value;
  }

  private static Object toJdbc(Object value, LogicalType type) {
    if (value == null) {
      return null;
    }
    LogicalTypeRoot root = type.getTypeRoot();
    switch (root) {
      case CHAR:
      case VARCHAR:
        return value.toString();
      case DECIMAL:
        return ((DecimalData) value).toBigDecimal();
      case DATE:
        return java.sql.Date.valueOf(LocalDate.ofEpochDay((Integer) value));
      case TIME_WITHOUT_TIME_ZONE:
        return java.sql.Time.valueOf(LocalTime.ofNanoOfDay((Integer) value * 1_000_000L));
      case TIMESTAMP_WITHOUT_TIME_ZONE:
        return Timestamp.valueOf(((TimestampData) value).toLocalDateTime());
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        return Timestamp.from(((TimestampData) value).toInstant());
      default:
        return value;
    }
  }
}
