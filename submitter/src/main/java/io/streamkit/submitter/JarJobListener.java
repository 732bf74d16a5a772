package io.streamkit.submitter;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.JobListener;

/**
 * Hears of the jobs a JAR's main submits ({@code execution.job-listeners}): Flink instantiates it
 * in the program's environment, so it reports to what {@code jar run} set here beforehand.
 */
public final class JarJobListener implements JobListener {
  static volatile Consumer<String> onSubmitted = id -> {};
  static volatile BiConsumer<String, Throwable> onExecuted = (id, error) -> {};

  @Override
  public void onJobSubmitted(JobClient jobClient, Throwable throwable) {
    if (jobClient != null) {
      onSubmitted.accept(jobClient.getJobID().toString());
    }
  }

  @Override
  public void onJobExecuted(JobExecutionResult result, Throwable throwable) {
    onExecuted.accept(result == null ? null : result.getJobID().toString(), throwable);
  }
}
