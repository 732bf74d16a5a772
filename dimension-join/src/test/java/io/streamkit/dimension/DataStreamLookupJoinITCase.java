package io.streamkit.dimension;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamkit.testkit.MariaDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A DataStream (jar) job joins with the same results as the database's own join. */
class DataStreamLookupJoinITCase {
  @RegisterExtension static final MariaDb MARIADB = new MariaDb();

  @BeforeAll
  static void tables() throws Exception {
    DimensionJoinContractITCase.createTables(MARIADB, "ds");
  }

  @Test
  void asyncJoinMatchesTheDatabase() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    DataStream<Integer> ids =
        env.fromData(IntStream.range(0, DimensionJoinContractITCase.STREAM_ROWS).boxed().toList());
    JdbcLookupJoin<Integer, String> join =
        JdbcLookupJoin.builder()
            .url(MARIADB.jdbcUrl("ds"))
            .tableName("dim_city")
            .username("root")
            .column("id", DataTypes.INT())
            .column("name", DataTypes.STRING())
            .lookupKeys("id")
            .partialCache(50, Duration.ofMinutes(1))
            .leftOuter()
            .build(
                id -> Row.of(id % 250),
                (id, city) -> id + "|" + (city == null ? null : city.getField(1)),
                org.apache.flink.api.common.typeinfo.Types.STRING);
    List<String> joined = new ArrayList<>();
    AsyncDataStream.unorderedWait(ids, join, 30, TimeUnit.SECONDS, 100)
        .executeAndCollect()
        .forEachRemaining(joined::add);
    joined.sort(null);

    List<String> expected = new ArrayList<>();
    try (var c = MARIADB.connect("ds");
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT k.id, d.name FROM stream_keys k LEFT JOIN dim_city d ON k.city_id = d.id")) {
      while (rs.next()) {
        expected.add(rs.getInt(1) + "|" + rs.getString(2));
      }
    }
    expected.sort(null);
    assertThat(joined).isEqualTo(expected);
  }
}
