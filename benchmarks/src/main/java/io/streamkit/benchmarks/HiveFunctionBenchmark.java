package io.streamkit.benchmarks;

import io.streamkit.catalog.hive.HiveModule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.table.functions.UserDefinedFunction;

/**
 * Issue 14's per-call cost of a Hive {@code GenericUDF} through streamkit's wrapper against the
 * same logic as a native Flink {@code ScalarFunction}, in the same run: a batch job reads {@code
 * rows} generated strings and writes {@code f(s)} to a blackhole sink, with f = Hive's {@code
 * upper} (GenericUDFUpper: {@code toUpperCase} on the string) or a ScalarFunction doing {@code
 * toUpperCase}; a third job writes {@code s} unchanged, so the functions' own cost per call can be
 * told apart from the job around them. One warm-up, then interleaved rounds; min / median / max.
 *
 * <p>Run: {@code benchmarks/run HiveFunctionBenchmark [rows] [rounds]}.
 */
public final class HiveFunctionBenchmark {
  /** The native side: the same work as Hive's upper. */
  public static final class NativeUpper extends ScalarFunction {
    public String eval(String s) {
      return s == null ? null : s.toUpperCase();
    }
  }

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    env.getConfig().set("parallelism.default", "1");
    env.createTemporarySystemFunction("native_upper", NativeUpper.class);
    env.createTemporarySystemFunction(
        "hive_upper", (UserDefinedFunction) new HiveModule().getFunctionDefinition("upper").get());
    env.executeSql("CREATE TABLE sink (s STRING) WITH ('connector' = 'blackhole')");

    Map<String, Rounds.Trial<Double>> trials = new LinkedHashMap<>();
    for (String f : List.of("none", "native_upper", "hive_upper")) {
      trials.put(
          f,
          round -> {
            long n = round == 0 ? rows / 5 : rows;
            env.executeSql("DROP TEMPORARY TABLE IF EXISTS src");
            env.executeSql(
                "CREATE TEMPORARY TABLE src (s STRING) WITH ('connector' = 'datagen',"
                    + " 'number-of-rows' = '"
                    + n
                    + "', 'rows-per-second' = '1000000000', 'fields.s.length' = '24')");
            String select = f.equals("none") ? "s" : f + "(s)";
            long start = System.nanoTime();
            env.executeSql("INSERT INTO sink SELECT " + select + " FROM src").await();
            double seconds = (System.nanoTime() - start) / 1e9;
            double perSecond = n / seconds;
            if (round > 0) {
              System.out.printf("  %-13s round %d: %,12.0f rows/s%n", f, round, perSecond);
            }
            return perSecond;
          });
    }
    Map<String, List<Double>> results = Rounds.interleaved(rounds, trials);
    System.out.printf(
        "%n%,d rows, parallelism 1, %d interleaved rounds after a warm-up; min / median / max%n",
        rows, rounds);
    results.forEach(
        (name, r) ->
            System.out.printf("  %-13s rows/s %s%n", name, Rounds.spread(r, x -> x, "%,12.0f")));
    double none = Rounds.median(results.get("none"), x -> x);
    double nat = Rounds.median(results.get("native_upper"), x -> x);
    double hive = Rounds.median(results.get("hive_upper"), x -> x);
    System.out.printf(
        "per call, over the job without a function (medians): native %.0f ns, Hive %.0f ns%n",
        (1e9 / nat - 1e9 / none), (1e9 / hive - 1e9 / none));
    System.out.printf(
        "hive-functions: rows/s native / Hive, ratio of medians = %s (target <= 1.5)%n",
        Rounds.ratio(results.get("native_upper"), results.get("hive_upper"), x -> x));
  }

  private HiveFunctionBenchmark() {}
}
