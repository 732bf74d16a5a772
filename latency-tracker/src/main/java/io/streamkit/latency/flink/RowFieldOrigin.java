package io.streamkit.latency.flink;

import java.util.List;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

/**
 * The origin time of a SQL row from one of its columns: epoch milliseconds ({@code BIGINT}) or a
 * timestamp ({@code TIMESTAMP_LTZ}; a {@code TIMESTAMP} without time zone is read as UTC).
 */
final class RowFieldOrigin implements LatencyOrigin<RowData> {
  private static final long serialVersionUID = 1L;

  private final int index;
  private final boolean millis;
  private final int precision;

  private RowFieldOrigin(int index, boolean millis, int precision) {
    this.index = index;
    this.millis = millis;
    this.precision = precision;
  }

  /**
   * @param key the option that named the column, for the error
   * @throws IllegalArgumentException when the row has no such column or it holds no time
   */
  static RowFieldOrigin of(RowType row, String column, String key, String table) {
    List<String> names = row.getFieldNames();
    int index = names.indexOf(column);
    if (index < 0) {
      throw new IllegalArgumentException(
          "'"
              + key
              + "' names column '"
              + column
              + "', which the rows of "
              + table
              + " do not have (columns: "
              + String.join(", ", names)
              + "). Name one of them, or set 'kafka-timestamp'.");
    }
    LogicalType type = row.getTypeAt(index);
    LogicalTypeRoot root = type.getTypeRoot();
    if (root == LogicalTypeRoot.BIGINT) {
      return new RowFieldOrigin(index, true, 0);
    }
    if (root == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE
        || root == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
      return new RowFieldOrigin(
          index,
          false,
          org.apache.flink.table.types.logical.utils.LogicalTypeChecks.getPrecision(type));
    }
    throw new IllegalArgumentException(
        "'"
            + key
            + "' names column '"
            + column
            + "' of "
            + table
            + ", which is "
            + type.asSummaryString()
            + ": an origin column holds epoch milliseconds (BIGINT) or a TIMESTAMP_LTZ.");
  }

  @Override
  public long originMillis(RowData row) {
    if (row.isNullAt(index)) {
      return NONE;
    }
    return millis ? row.getLong(index) : row.getTimestamp(index, precision).getMillisecond();
  }
}
