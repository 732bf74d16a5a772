package io.streamkit.submitter;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.table.delegation.Executor;

/**
 * Checks each job right before it is submitted: that a remote cluster's lib/ can load it ({@link
 * ClusterLibCheck}), that a test run touches no production topic or consumer group ({@link
 * TestRunGuard}) and that the savepoint it starts from fits it ({@link SavepointCheck}).
 */
final class ClusterCheckingExecutor extends ForwardingExecutor {
  ClusterCheckingExecutor(Executor inner) {
    super(inner);
  }

  @Override
  public JobExecutionResult execute(Pipeline pipeline) throws Exception {
    checks(pipeline);
    return inner.execute(pipeline);
  }

  @Override
  public JobClient executeAsync(Pipeline pipeline) throws Exception {
    checks(pipeline);
    return inner.executeAsync(pipeline);
  }

  private void checks(Pipeline pipeline) {
    ClusterLibCheck.check(pipeline, inner.getConfiguration());
    Configuration conf = new Configuration();
    if (inner.getConfiguration() instanceof Configuration root) {
      conf.addAll(root);
    }
    if (pipeline instanceof StreamGraph graph) {
      conf.addAll(graph.getJobConfiguration());
    }
    TestRunGuard.check(pipeline, conf);
    SavepointCheck.check(pipeline, conf, Thread.currentThread().getContextClassLoader());
  }
}
