package io.streamkit.alerting.flink;

import io.streamkit.alerting.MetricEvent;
import io.streamkit.alerting.Rule;
import io.streamkit.alerting.RuleFile;
import io.streamkit.alerting.Series;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  private record Target(Series series, int owner) {}

  private final int partitions;
  private transient Map<String, List<Target>> byMetric;
  private transient List<Target> wildcard;
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
    if (byMetric == null) {
      index(ctx.getBroadcastState(RULES).immutableEntries());
    }
    MetricEvent event = MetricEvent.parse(json);
    if (event == null) {
      unparsable.inc();
      return;
    }
    BitSet targets = new BitSet(partitions);
    route(byMetric.getOrDefault(event.name(), List.of()), event, targets);
    route(wildcard, event, targets);
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

  private static void route(List<Target> candidates, MetricEvent event, BitSet targets) {
    for (Target t : candidates) {
      if (!targets.get(t.owner) && t.series.matches(event.name(), event.tags())) {
        targets.set(t.owner);
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
    byMetric = null; // rebuilt at the next event
  }

  private void index(Iterable<Map.Entry<String, String>> rules) {
    byMetric = new HashMap<>();
    wildcard = new ArrayList<>();
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
        Target t = new Target(s, owner);
        if (s.metric().indexOf('*') < 0 && s.metric().indexOf('?') < 0) {
          byMetric.computeIfAbsent(s.metric(), m -> new ArrayList<>()).add(t);
        } else {
          wildcard.add(t);
        }
      }
    }
  }
}
