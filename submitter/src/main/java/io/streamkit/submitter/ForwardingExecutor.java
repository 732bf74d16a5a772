package io.streamkit.submitter;

import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.JobStatusHook;
import org.apache.flink.table.delegation.Executor;

/** An {@link Executor} that hands every call to another; subclasses step in where they need. */
abstract class ForwardingExecutor implements Executor {
  protected final Executor inner;

  ForwardingExecutor(Executor inner) {
    this.inner = inner;
  }

  @Override
  public ReadableConfig getConfiguration() {
    return inner.getConfiguration();
  }

  @Override
  public Pipeline createPipeline(
      List<Transformation<?>> transformations, ReadableConfig conf, String defaultJobName) {
    return inner.createPipeline(transformations, conf, defaultJobName);
  }

  @Override
  public Pipeline createPipeline(
      List<Transformation<?>> transformations,
      ReadableConfig conf,
      String defaultJobName,
      List<JobStatusHook> jobStatusHookList) {
    return inner.createPipeline(transformations, conf, defaultJobName, jobStatusHookList);
  }

  @Override
  public JobExecutionResult execute(Pipeline pipeline) throws Exception {
    return inner.execute(pipeline);
  }

  @Override
  public JobClient executeAsync(Pipeline pipeline) throws Exception {
    return inner.executeAsync(pipeline);
  }

  @Override
  public boolean isCheckpointingEnabled() {
    return inner.isCheckpointingEnabled();
  }
}
