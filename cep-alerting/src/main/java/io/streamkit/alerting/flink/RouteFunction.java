package io.streamkit.alerting.flink;

import io.streamkit.alerting.MetricEvent;
import io.streamkit.alerting.Rule;
import io.streamkit.alerting.RuleFile;
import io.streamkit.alerting.Series;
import io.streamkit.alerting.SeriesIndex;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each metric event only to the evaluating subtasks that own a rule reading it, found through
 * an index on the metric name (then the series' dimension filters): one copy per interested
 * subtask, never one per rule. It also sends every subtask the advance of event time (a tick, at
 * most once a second), so rules are checked even when none of their metrics arrive.
 *
 * <p>Output: (subtask, event time, event JSON); an empty JSON is a tick.
 */
final class RouteFunction
    extends BroadcastProcessFunction<
        String, Tuple2<String, String>, Tuple3<Integer, Long, String>> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RouteFunction.class);
  static final MapStateDescriptor<String, String> RULES =
      new MapStateDescriptor<>("alert-rules", Types.STRING, Types.STRING);

  private final int partitions;
  private transient SeriesIndex<Integer> index; // series -> owning subtask, one entry per pair
  private transient long lastTick;
  private transient Counter unparsable;

  RouteFunction(int partitions) {
    this.partitions = partitions;
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext context) {
    unparsable = getRuntimeContext().getMetricGroup().counter("alertUnparsableEvents");
  }

  @Override
  public void processElement(
      String json, ReadOnlyContext ctx, Collector<Tuple3<Integer, Long, String>> out)
      throws Exception {
    if (index == null) {
      index(ctx.getBroadcastState(RULES).immutableEntries());
    }
    MetricEvent event = MetricEvent.parse(json);
    if (event == null) {
      unparsable.inc();
      return;
    }
    BitSet targets = new BitSet(partitions);
    index.forEachMatch(event, targets::set);
    for (int p = targets.nextSetBit(0); p >= 0; p = targets.nextSetBit(p + 1)) {
      out.collect(Tuple3.of(p, event.timestamp(), json));
    }
    if (event.timestamp() >= lastTick + 1_000) {
      lastTick = event.timestamp();
      for (int p = 0; p < partitions; p++) {
        out.collect(Tuple3.of(p, lastTick, ""));
      }
    }
  }

  @Override
  public void processBroadcastElement(
      Tuple2<String, String> change, Context ctx, Collector<Tuple3<Integer, Long, String>> out)
      throws Exception {
    BroadcastState<String, String> rules = ctx.getBroadcastState(RULES);
    if (change.f1.isEmpty()) {
      rules.remove(change.f0);
    } else {
      rules.put(change.f0, change.f1);
    }
    index = null; // rebuilt at the next event
  }

  private void index(Iterable<Map.Entry<String, String>> rules) {
    index = new SeriesIndex<>();
    Set<String> indexed = new HashSet<>(); // rules over the same series and subtask share an entry
    for (Map.Entry<String, String> r : rules) {
      Rule rule;
      try {
        rule = RuleFile.fromDefinition(r.getValue(), "rules topic, key " + r.getKey());
      } catch (IllegalArgumentException e) {
        LOG.warn("Rule {} is not routed: {}", r.getKey(), e.getMessage());
        continue;
      }
      if (!rule.enabled()) {
        continue;
      }
      int owner = RuleOwners.owner(rule.name(), partitions);
      for (Series s : rule.series()) {
        Series routed = new Series(null, s.metric(), s.filter(), null, null, s.field());
        if (indexed.add(owner + "|" + routed)) {
          index.add(routed, owner);
        }
      }
    }
  }
}
