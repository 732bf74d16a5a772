package io.streamkit.latency.flink;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

class RowHeaderOriginTest {
  private static final RowType ROW =
      RowType.of(
          new BigIntType(),
          new MapType(
              new VarCharType(VarCharType.MAX_LENGTH),
              new VarBinaryType(VarBinaryType.MAX_LENGTH)));

  @Test
  void theHeadersColumnIsFoundByItsType() {
    assertThat(RowHeaderOrigin.headersColumn(ROW)).isEqualTo(1);
    assertThat(RowHeaderOrigin.headersColumn(RowType.of(new BigIntType()))).isEqualTo(-1);
  }

  @Test
  void theNamedHeaderIsReadAsDecimalTextOrAnEightByteLong() {
    RowHeaderOrigin origin = RowHeaderOrigin.of(ROW, "origin");
    assertThat(origin.originMillis(row(Map.of("origin", "1700000000123".getBytes(US_ASCII)))))
        .isEqualTo(1_700_000_000_123L);
    byte[] binary = ByteBuffer.allocate(8).putLong(1_700_000_000_456L).array();
    assertThat(origin.originMillis(row(Map.of("trace", new byte[] {1}, "origin", binary))))
        .isEqualTo(1_700_000_000_456L);
  }

  @Test
  void aMissingOrUnreadableHeaderHasNoOrigin() {
    RowHeaderOrigin origin = RowHeaderOrigin.of(ROW, "origin");
    assertThat(origin.originMillis(row(Map.of("other", "1".getBytes(US_ASCII)))))
        .isEqualTo(LatencyOrigin.NONE);
    assertThat(origin.originMillis(row(Map.of("origin", "yesterday".getBytes(US_ASCII)))))
        .isEqualTo(LatencyOrigin.NONE);
    assertThat(origin.originMillis(GenericRowData.of(1L, null))).isEqualTo(LatencyOrigin.NONE);
  }

  private static GenericRowData row(Map<String, byte[]> headers) {
    Map<Object, Object> map = new java.util.HashMap<>();
    headers.forEach((k, v) -> map.put(StringData.fromString(k), v));
    return GenericRowData.of(1L, new GenericMapData(map));
  }
}
