package io.streamkit.submitter;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.delegation.Executor;

/** Runs {@link ClusterLibCheck} on each job right before it is submitted. */
final class ClusterCheckingExecutor extends ForwardingExecutor {
  ClusterCheckingExecutor(Executor inner) {
    super(inner);
  }

  @Override
  public JobExecutionResult execute(Pipeline pipeline) throws Exception {
    ClusterLibCheck.check(pipeline, inner.getConfiguration());
    return inner.execute(pipeline);
  }

  @Override
  public JobClient executeAsync(Pipeline pipeline) throws Exception {
    ClusterLibCheck.check(pipeline, inner.getConfiguration());
    return inner.executeAsync(pipeline);
  }
}
