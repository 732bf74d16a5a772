package io.streamkit.latency.flink;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

/**
 * The origin time of a SQL row from one Kafka header, read from the table's headers metadata column
 * ({@code MAP<STRING, BYTES> METADATA FROM 'headers'}). The header holds epoch milliseconds as
 * decimal text ({@code "1700000000000"}) or as an 8-byte big-endian long.
 */
final class RowHeaderOrigin implements LatencyOrigin<RowData> {
  private static final long serialVersionUID = 1L;

  private final int index;
  private final String header;

  private RowHeaderOrigin(int index, String header) {
    this.index = index;
    this.header = header;
  }

  /** The row's headers column, a map of strings to bytes; -1 when it has none. */
  static int headersColumn(RowType row) {
    for (int i = 0; i < row.getFieldCount(); i++) {
      if (isHeadersType(row.getTypeAt(i))) {
        return i;
      }
    }
    return -1;
  }

  static RowHeaderOrigin of(RowType row, String header) {
    int index = headersColumn(row);
    if (index < 0) {
      throw new IllegalArgumentException("rows without a headers column: " + row);
    }
    return new RowHeaderOrigin(index, header);
  }

  static boolean isHeadersType(LogicalType type) {
    return type instanceof MapType map
        && map.getKeyType().is(LogicalTypeFamily.CHARACTER_STRING)
        && map.getValueType().is(LogicalTypeFamily.BINARY_STRING);
  }

  @Override
  public long originMillis(RowData row) {
    if (row.isNullAt(index)) {
      return NONE;
    }
    MapData headers = row.getMap(index);
    ArrayData keys = headers.keyArray();
    for (int i = 0; i < headers.size(); i++) {
      if (!keys.isNullAt(i) && header.equals(keys.getString(i).toString())) {
        ArrayData values = headers.valueArray();
        return values.isNullAt(i) ? NONE : parse(values.getBinary(i));
      }
    }
    return NONE;
  }

  /** Decimal text, else an 8-byte big-endian long; anything else has no origin. */
  static long parse(byte[] value) {
    String text = new String(value, StandardCharsets.US_ASCII).trim();
    if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9') && text.length() < 19) {
      return Long.parseLong(text);
    }
    return value.length == Long.BYTES ? ByteBuffer.wrap(value).getLong() : NONE;
  }
}
