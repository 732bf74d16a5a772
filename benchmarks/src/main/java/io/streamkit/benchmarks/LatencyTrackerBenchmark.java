package io.streamkit.benchmarks;

import io.streamkit.latency.flink.LatencyOrigin;
import io.streamkit.latency.flink.LatencySettings;
import io.streamkit.latency.flink.LatencyTracking;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What latency tracking costs a job: the same CPU-bound pipeline (a FLIP-27 sequence source, map,
 * filter, a Sink V2 sink) without tracking, with ours at the default sample rate and at every
 * record, and with Flink's own {@code LatencyMarker} ({@code metrics.latency.interval} 100 ms,
 * granularity {@code operator}). Each variant warms up, then all run interleaved; steady-state
 * records/s, min / median / max, ratio of medians against no tracking.
 *
 * <p>Run: {@code benchmarks/run LatencyTrackerBenchmark [records] [rounds]}
 */
public final class LatencyTrackerBenchmark {
  private static final String NONE = "no tracking";
  private static final String DEFAULT_RATE = "streamkit, default rate";
  private static final String EVERY = "streamkit, every record";
  private static final String MARKERS = "LatencyMarker 100 ms";

  public static void main(String[] args) throws Exception {
    long records = args.length > 0 ? Long.parseLong(args[0]) : 50_000_000L;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Map<String, Rounds.Trial<SinkMeter.Reading>> trials = new LinkedHashMap<>();
    for (String variant : List.of(NONE, DEFAULT_RATE, EVERY, MARKERS)) {
      trials.put(variant, round -> job(variant, round, records));
    }
    Map<String, List<SinkMeter.Reading>> results = Rounds.interleaved(rounds, trials);
    System.out.printf(
        "%n%,d records per job, %d rounds, interleaved, after one warm-up job each;"
            + " min / median / max%n",
        records, rounds);
    results.forEach(
        (name, rs) ->
            System.out.printf(
                "  %-24s steady records/s %s   start-up s %s%n",
                name,
                Rounds.spread(rs, SinkMeter.Reading::rowsPerSecond, "%,11.0f"),
                Rounds.spread(rs, SinkMeter.Reading::startupSeconds, "%.2f")));
    for (String variant : List.of(DEFAULT_RATE, EVERY, MARKERS)) {
      double ratio =
          Rounds.median(results.get(variant), SinkMeter.Reading::rowsPerSecond)
              / Rounds.median(results.get(NONE), SinkMeter.Reading::rowsPerSecond);
      System.out.printf(
          "latency-tracker: %-24s / no tracking, steady records/s, ratio of medians = %s (cost %.1f%%)%n",
          variant,
          Rounds.ratio(results.get(variant), results.get(NONE), SinkMeter.Reading::rowsPerSecond),
          (1 - ratio) * 100);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static SinkMeter.Reading job(String variant, int round, long records) throws Exception {
    long n = round == 0 ? records / 4 : records;
    Configuration conf = new Configuration();
    if (variant.equals(MARKERS)) {
      conf.setString("metrics.latency.interval", "100 ms");
      conf.setString("metrics.latency.granularity", "operator");
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    Source<Long, ?, ?> source = new NumberSequenceSource(1, n);
    Sink<Long> sink = SinkMeter.sink((Long i) -> true);
    if (variant.equals(DEFAULT_RATE) || variant.equals(EVERY)) {
      LatencySettings settings =
          variant.equals(EVERY)
              ? LatencySettings.defaults().withSampleRate(1)
              : LatencySettings.defaults();
      // The sequence carries no timestamps: every timed record is stamped at the source, so the
      // benchmark pays for sampling, clock reads and sketches at both ends.
      LatencyOrigin<Long> now = i -> System.currentTimeMillis();
      source = LatencyTracking.source((Source) source, "bench.in", (LatencyOrigin) now, settings);
      sink = LatencyTracking.sink(sink, "bench.out", now, settings);
    }
    env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence")
        .map(i -> i * 31 + 7)
        .filter(i -> i % 3 != 0)
        .sinkTo(sink);
    SinkMeter.Reading r;
    try (SinkMeter meter = SinkMeter.start(n / 5)) {
      env.execute("latency-bench");
      r = meter.read();
    }
    long expected = n - (n + 1) / 3;
    System.out.printf(
        "  %-24s %5s steady %,11.0f records/s, start-up %.2f s, in sink %,d%n",
        variant,
        round == 0 ? "warm" : String.valueOf(round),
        r.rowsPerSecond(),
        r.startupSeconds(),
        r.rows());
    if (r.rows() != expected) {
      throw new IllegalStateException(
          variant + ": sink holds " + r.rows() + ", expected " + expected);
    }
    return r;
  }
}
