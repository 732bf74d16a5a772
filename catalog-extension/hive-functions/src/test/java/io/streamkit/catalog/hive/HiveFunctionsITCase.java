package io.streamkit.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CollectionUtil;
import org.apache.hadoop.hive.ql.exec.FunctionRegistry;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDF;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorUtils;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hive functions in Flink SQL, in batch and streaming: Hive's built-ins through {@code LOAD MODULE
 * hive}, and a user's jar (compiled here) with a classic {@code UDF}, a {@code GenericUDF} and a
 * {@code GenericUDTF} registered in the streamkit catalog with {@code CREATE FUNCTION ... USING
 * JAR}. Results are compared with the same Hive functions evaluated by Hive itself.
 */
class HiveFunctionsITCase {
  @TempDir static Path tmp;
  private static Path udfJar;

  private static final String JSON = "{\"store\":{\"fruit\":[{\"kind\":\"apple\"}],\"n\":7}}";
  private static final String URL = "https://shop.example.com:8443/cart?id=42&src=ad#top";

  @BeforeAll
  static void compileUserJar() throws Exception {
    udfJar = UserFunctionsJar.build(tmp);
  }

  private static TableEnvironment session(boolean streaming) {
    TableEnvironment env =
        TableEnvironment.create(
            streaming ? EnvironmentSettings.inStreamingMode() : EnvironmentSettings.inBatchMode());
    env.executeSql(
        "CREATE CATALOG sk WITH ('type' = 'streamkit', 'url' = 'jdbc:h2:mem:hive-"
            + UUID.randomUUID()
            + ";DB_CLOSE_DELAY=-1')");
    env.useCatalog("sk");
    return env;
  }

  private static List<Row> rows(TableEnvironment env, String sql) {
    return CollectionUtil.iteratorToList(env.executeSql(sql).collect());
  }

  /** What Hive itself answers for a built-in on string (or long) arguments, as a string. */
  private static String hive(String function, Object... args) throws Exception {
    GenericUDF udf = FunctionRegistry.getFunctionInfo(function).getGenericUDF();
    ObjectInspector[] ois = new ObjectInspector[args.length];
    GenericUDF.DeferredObject[] values = new GenericUDF.DeferredObject[args.length];
    for (int i = 0; i < args.length; i++) {
      ois[i] =
          args[i] instanceof Long
              ? PrimitiveObjectInspectorFactory.javaLongObjectInspector
              : args[i] instanceof Integer
                  ? PrimitiveObjectInspectorFactory.javaIntObjectInspector
                  : PrimitiveObjectInspectorFactory.javaStringObjectInspector;
      values[i] = new GenericUDF.DeferredJavaObject(args[i]);
    }
    ObjectInspector out = udf.initialize(ois);
    Object result = ObjectInspectorUtils.copyToStandardJavaObject(udf.evaluate(values), out);
    return result == null ? null : result.toString();
  }

  @ParameterizedTest(name = "streaming={0}")
  @ValueSource(booleans = {false, true})
  void hiveBuiltInsAnswerAsHiveDoes(boolean streaming) throws Exception {
    TableEnvironment env = session(streaming);
    env.executeSql("LOAD MODULE hive");
    env.executeSql("USE MODULES hive, core");
    List<Row> result =
        rows(
            env,
            "SELECT get_json_object(j, '$.store.fruit[0].kind'), get_json_object(j, '$.store.n'),"
                + " parse_url(u, 'HOST'), parse_url(u, 'QUERY', 'id'),"
                + " regexp_extract(s, '(\\d+)-(\\d+)', 2), from_unixtime(t, 'yyyy-MM-dd'),"
                + " upper(s)"
                + " FROM (VALUES ('"
                + JSON
                + "', '"
                + URL
                + "', 'order 12-345', CAST(86400 AS BIGINT))) AS v(j, u, s, t)");
    assertThat(result).hasSize(1);
    Row r = result.get(0);
    assertThat(r.getField(0)).isEqualTo(hive("get_json_object", JSON, "$.store.fruit[0].kind"));
    assertThat(r.getField(1)).isEqualTo(hive("get_json_object", JSON, "$.store.n"));
    assertThat(r.getField(2)).isEqualTo(hive("parse_url", URL, "HOST"));
    assertThat(r.getField(3)).isEqualTo(hive("parse_url", URL, "QUERY", "id"));
    assertThat(r.getField(4)).isEqualTo(hive("regexp_extract", "order 12-345", "(\\d+)-(\\d+)", 2));
    assertThat(r.getField(5)).isEqualTo(hive("from_unixtime", 86400L, "yyyy-MM-dd"));
    assertThat(r.getField(6)).isEqualTo("ORDER 12-345");
    // and the values themselves, so a broken comparison cannot pass
    assertThat(r.getField(0)).isEqualTo("apple");
    assertThat(r.getField(2)).isEqualTo("shop.example.com");
    assertThat(r.getField(3)).isEqualTo("42");
    assertThat(r.getField(4)).isEqualTo("345");
  }

  @ParameterizedTest(name = "streaming={0}")
  @ValueSource(booleans = {false, true})
  void aUsersHiveFunctionsFromAJarRunAsFlinkFunctions(boolean streaming) throws Exception {
    TableEnvironment env = session(streaming);
    String using = " USING JAR '" + udfJar.toUri() + "'";
    env.executeSql("CREATE FUNCTION reverse_s AS 'udf.Reverse'" + using);
    env.executeSql("CREATE FUNCTION csv_map AS 'udf.CsvMap'" + using);
    env.executeSql("CREATE FUNCTION split_rows AS 'udf.SplitRows'" + using);

    List<Row> scalar =
        rows(
            env,
            "SELECT reverse_s(s), csv_map(c), csv_map(c)['k2'] FROM (VALUES ('abc', 'k1:v1,k2:v2'),"
                + " ('xy', 'a:1')) AS v(s, c)");
    assertThat(scalar)
        .extracting(r -> r.getField(0) + " " + r.getField(1) + " " + r.getField(2))
        .containsExactlyInAnyOrder("cba {k1=v1, k2=v2} v2", "yx {a=1} null");
    Row abc = scalar.stream().filter(r -> "cba".equals(r.getField(0))).findFirst().orElseThrow();
    assertThat((Map<?, ?>) abc.getField(1))
        .as("the same map Hive's own evaluation of the GenericUDF gives")
        .isEqualTo(UserFunctionsJar.evaluateCsvMap(udfJar, "k1:v1,k2:v2"));

    List<Row> exploded =
        rows(
            env,
            "SELECT s, item, pos FROM (VALUES ('a,b,c')) AS v(s),"
                + " LATERAL TABLE(split_rows(s)) AS t(item, pos)");
    assertThat(exploded)
        .extracting(r -> r.getField(1) + "@" + r.getField(2))
        .containsExactlyInAnyOrder("a@0", "b@1", "c@2");
  }

  @Test
  void timestampLtzIsHandedToHiveInTheSessionTimeZone() {
    TableEnvironment env = session(false);
    env.getConfig().set("table.local-time-zone", "Asia/Shanghai");
    env.executeSql("LOAD MODULE hive");
    env.executeSql("USE MODULES hive, core");
    List<Row> result = rows(env, "SELECT date_format(TO_TIMESTAMP_LTZ(0, 3), 'yyyy-MM-dd HH:mm')");
    assertThat(result.get(0).getField(0)).isEqualTo("1970-01-01 08:00");
  }

  @Test
  void anArgumentTypeHiveLacksIsAPlanningErrorNamingIt() {
    TableEnvironment env = session(false);
    env.executeSql("CREATE FUNCTION reverse_s AS 'udf.Reverse' USING JAR '" + udfJar.toUri() + "'");
    assertThatThrownBy(() -> env.explainSql("SELECT reverse_s(TIME '10:00:00')"))
        .hasStackTraceContaining("Argument 1 of Hive function reverse_s has type TIME(0)")
        .hasStackTraceContaining("CAST it");
  }

  @ParameterizedTest(name = "streaming={0}")
  @ValueSource(booleans = {false, true})
  void hiveAggregatesGroupLikeHive(boolean streaming) throws Exception {
    TableEnvironment env = session(streaming);
    env.executeSql("CREATE FUNCTION longest AS 'udf.Longest' USING JAR '" + udfJar.toUri() + "'");
    env.executeSql("LOAD MODULE hive");
    env.executeSql("USE MODULES core, hive");
    List<Row> result =
        rows(
            env,
            "SELECT k, longest(s), collect_set(s), COUNT(*) FROM (VALUES ('a', 'x'), ('a', 'xyz'),"
                + " ('a', 'xyz'), ('b', 'pq')) AS t(k, s) GROUP BY k");
    // streaming emits updates; the last row per key is the result
    Map<String, Row> last = new java.util.HashMap<>();
    result.forEach(r -> last.put((String) r.getField(0), r));
    assertThat(last.get("a").getField(1)).isEqualTo("xyz");
    assertThat((String[]) last.get("a").getField(2)).containsExactlyInAnyOrder("x", "xyz");
    assertThat(last.get("a").getField(3)).isEqualTo(3L);
    assertThat(last.get("b").getField(1)).isEqualTo("pq");
  }

  @Test
  void aHiveAggregateOnARetractingInputIsRefusedAtPlanning() {
    TableEnvironment env = session(true);
    env.executeSql("CREATE FUNCTION longest AS 'udf.Longest' USING JAR '" + udfJar.toUri() + "'");
    assertThatThrownBy(
            () ->
                env.explainSql(
                    "SELECT longest(s) FROM (SELECT k, LAST_VALUE(s) AS s FROM (VALUES ('a',"
                        + " 'x')) AS t(k, s) GROUP BY k)"))
        .hasStackTraceContaining("retract");
  }

  @Test
  void theModuleListsHivesFunctionsButNotItsOperatorsOrSqlsAggregates() {
    TableEnvironment env = session(false);
    env.executeSql("LOAD MODULE hive");
    List<String> functions =
        rows(env, "SHOW FUNCTIONS").stream().map(r -> (String) r.getField(0)).toList();
    assertThat(functions)
        .contains("get_json_object", "parse_url", "explode", "named_struct", "collect_set");
    assertThat(functions).as("Hive's operators are not functions here").doesNotContain("+", "==");
  }
}
