package io.streamkit.alerting.flink;

import io.streamkit.alerting.MetricEvent;
import io.streamkit.alerting.Rule;
import io.streamkit.alerting.RuleFile;
import io.streamkit.alerting.Series;
import io.streamkit.alerting.SeriesIndex;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
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
 * <p>Rule changes travel in the same stream, to the rule's owner, ahead of the events routed after
 * them: an evaluator never sees an event for a rule before the rule itself. While no rule is known
 * at all (a first start, or a restart before the first checkpoint, when the rules topic is read
 * again from its start), events wait here, in checkpointed state, until the first rule arrives, so
 * the events a restarted job replays reach the same rules as the first attempt's did.
 *
 * <p>Output: (subtask, event time, event JSON); an empty JSON is a tick; an event time of {@link
 * #RULE_CHANGE} carries a rule change, "name\ndefinition" ("" deletes).
 */
final class RouteFunction
    extends BroadcastProcessFunction<String, Tuple2<String, String>, Tuple3<Integer, Long, String>>
    implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RouteFunction.class);
  static final MapStateDescriptor<String, String> RULES =
      new MapStateDescriptor<>("alert-rules", Types.STRING, Types.STRING);

  /** The event time of an output that carries a rule change instead of an event. */
  static final long RULE_CHANGE = Long.MIN_VALUE;

  /** At most this many events wait for the first rule; older ones are then let go, counted. */
  static final int MAX_WAITING = 100_000;

  private final int partitions;
  private transient SeriesIndex<Integer> index; // series -> owning subtask, one entry per pair
  private transient long lastTick;
  private transient Counter unparsable;
  private transient Counter unwaited;
  private transient ArrayDeque<String> waiting;
  private transient ListState<String> checkpointedWaiting;
  private transient boolean anyRule;

  RouteFunction(int partitions) {
    this.partitions = partitions;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointedWaiting =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("alert-events-waiting", Types.STRING));
    waiting = new ArrayDeque<>();
    for (String json : checkpointedWaiting.get()) {
      waiting.add(json);
    }
    // Restored with rules: they are in the broadcast state, and the evaluators have them.
    anyRule =
        context
            .getOperatorStateStore()
            .getBroadcastState(RULES)
            .immutableEntries()
            .iterator()
            .hasNext();
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    checkpointedWaiting.update(List.copyOf(waiting));
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext context) {
    unparsable = getRuntimeContext().getMetricGroup().counter("alertUnparsableEvents");
    unwaited = getRuntimeContext().getMetricGroup().counter("alertEventsBeforeAnyRule");
  }

  @Override
  public void processElement(
      String json, ReadOnlyContext ctx, Collector<Tuple3<Integer, Long, String>> out)
      throws Exception {
    if (!anyRule) {
      waiting.add(json);
      if (waiting.size() > MAX_WAITING) {
        waiting.poll();
        unwaited.inc();
      }
      return;
    }
    if (index == null) {
      index(ctx.getBroadcastState(RULES).immutableEntries());
    }
    route(json, out);
  }

  private void route(String json, Collector<Tuple3<Integer, Long, String>> out) {
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
    // In band, to the owner, before anything this subtask routes after it.
    out.collect(
        Tuple3.of(
            RuleOwners.owner(change.f0, partitions), RULE_CHANGE, change.f0 + "\n" + change.f1));
    if (!anyRule && !change.f1.isEmpty()) {
      anyRule = true;
      index(rules.immutableEntries());
      while (!waiting.isEmpty()) {
        route(waiting.poll(), out);
      }
    }
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
