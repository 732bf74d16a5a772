package io.streamkit.alerting.flink;

import io.streamkit.alerting.AlertEngine;
import io.streamkit.alerting.MetricEvent;
import io.streamkit.alerting.Notification;
import io.streamkit.alerting.Rule;
import io.streamkit.alerting.RuleFile;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link AlertEngine} for the rules this subtask owns ({@link RuleOwners}), fed by the
 * events {@link RouteFunction} sends it, with event time as its clock (less the lateness). Rule
 * changes arrive in the same stream, ahead of the events routed after them, and apply at once; an
 * invalid definition is logged and counted, and the rule's previous version keeps running. The
 * engine (rules, schedules, alert states, samples) is checkpointed as union list state, so after a
 * restore or a change of parallelism every subtask takes back exactly the rules it now owns, with
 * their firing alerts.
 */
final class EvaluateFunction extends ProcessFunction<Tuple3<Integer, Long, String>, Notification>
    implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateFunction.class);

  private final long latenessMs;
  private transient AlertEngine engine;
  private transient ListState<byte[]> checkpointed;
  private transient ListState<Long> checkpointedClock;
  private transient int index;
  private transient int parallelism;
  private transient long clock;
  private transient Counter refused;
  private transient java.util.Map<String, String> applied; // last definition per rule name

  EvaluateFunction(long latenessMs) {
    this.latenessMs = latenessMs;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointed =
        context
            .getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>(
                    "alert-engine", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    // The event-time clock too: a rule changed or deleted after a restore, before the next event,
    // resolves its alerts at the restored time, not at 0.
    checkpointedClock =
        context
            .getOperatorStateStore()
            .getUnionListState(new ListStateDescriptor<>("alert-clock", Long.class));
    index = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
    engine = new AlertEngine();
    applied = new java.util.HashMap<>();
    if (context.isRestored()) {
      for (byte[] snapshot : checkpointed.get()) {
        engine.restore(snapshot, name -> RuleOwners.owner(name, parallelism) == index);
      }
      for (Long restored : checkpointedClock.get()) {
        clock = Math.max(clock, restored);
      }
      LOG.info("Alert engine {} restored with rules {}", index, engine.ruleNames());
    }
  }

  @Override
  public void open(OpenContext context) {
    refused = getRuntimeContext().getMetricGroup().counter("alertRulesRefused");
    getRuntimeContext()
        .getMetricGroup()
        .gauge("alertRules", (org.apache.flink.metrics.Gauge<Integer>) () -> engine.ruleCount());
    getRuntimeContext()
        .getMetricGroup()
        .gauge("alertInputs", (org.apache.flink.metrics.Gauge<Integer>) () -> engine.inputCount());
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    checkpointed.update(List.of(engine.snapshot()));
    checkpointedClock.update(List.of(clock));
  }

  @Override
  public void processElement(
      Tuple3<Integer, Long, String> routed, Context ctx, Collector<Notification> out) {
    if (routed.f1 == RouteFunction.RULE_CHANGE) {
      int newline = routed.f2.indexOf('\n');
      ruleChange(routed.f2.substring(0, newline), routed.f2.substring(newline + 1), out);
      return;
    }
    if (!routed.f2.isEmpty()) {
      MetricEvent event = MetricEvent.parse(routed.f2);
      if (event != null) {
        engine.accept(event).forEach(out::collect);
      }
    }
    if (routed.f1 > clock) {
      clock = routed.f1;
      engine.evaluateUntil(clock - latenessMs).forEach(out::collect);
    }
  }

  /**
   * A rule change, which every routing subtask forwards once: a repeat of the definition this
   * subtask has already applied is ignored.
   */
  private void ruleChange(String name, String definition, Collector<Notification> out) {
    if (RuleOwners.owner(name, parallelism) != index
        || definition.equals(applied.put(name, definition))) {
      return;
    }
    Tuple2<String, String> change = Tuple2.of(name, definition);
    // Before the first event the engine has no time yet: 0 lets the first events decide when
    // the rule is first checked (within its look-back of them), live or replaying history.
    long now = clock > 0 ? clock - latenessMs : 0;
    if (change.f1.isEmpty()) {
      engine.remove(change.f0, now).forEach(out::collect);
      LOG.info("Alert rule {} removed", change.f0);
      return;
    }
    Rule rule;
    try {
      rule = RuleFile.fromDefinition(change.f1, "rules topic, key " + change.f0);
    } catch (IllegalArgumentException e) {
      refused.inc();
      LOG.warn(
          "Alert rule {} refused, its previous version (if any) keeps running: {}",
          change.f0,
          e.getMessage());
      return;
    }
    if (!rule.name().equals(change.f0)) {
      refused.inc();
      LOG.warn(
          "Alert rule refused: the rules topic holds the definition of '{}' under the key '{}'",
          rule.name(),
          change.f0);
      return;
    }
    engine.put(rule, now).forEach(out::collect);
  }
}
