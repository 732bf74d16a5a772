package io.streamkit.submitter;

import io.streamkit.latency.flink.LatencyTrackerOptions;
import io.streamkit.latency.flink.TrackedPipeline;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.core.execution.JobStatusHook;
import org.apache.flink.table.delegation.Executor;

/**
 * The executor a script's table environment submits its jobs with: when {@code
 * streamkit.latency.enabled} is set, it adds latency tracking to each planned job's sources and
 * sinks ({@link TrackedPipeline}) before the pipeline is built. The planner keeps Flink's own
 * executor (it needs that class); only the environment's submissions pass through here.
 */
final class LatencyTrackingExecutor extends ForwardingExecutor {
  private final List<String> tracked = new ArrayList<>();

  LatencyTrackingExecutor(Executor inner) {
    super(inner);
  }

  /** What the last pipelines tracked since the previous call, one line per source or sink. */
  List<String> takeTracked() {
    List<String> lines = List.copyOf(tracked);
    tracked.clear();
    return lines;
  }

  @Override
  public Pipeline createPipeline(
      List<Transformation<?>> transformations, ReadableConfig conf, String defaultJobName) {
    track(transformations, conf);
    return inner.createPipeline(transformations, conf, defaultJobName);
  }

  @Override
  public Pipeline createPipeline(
      List<Transformation<?>> transformations,
      ReadableConfig conf,
      String defaultJobName,
      List<JobStatusHook> jobStatusHookList) {
    track(transformations, conf);
    return inner.createPipeline(transformations, conf, defaultJobName, jobStatusHookList);
  }

  private void track(List<Transformation<?>> transformations, ReadableConfig conf) {
    if (conf.get(LatencyTrackerOptions.ENABLED)) {
      tracked.addAll(TrackedPipeline.track(transformations, conf));
    }
  }
}
