package io.streamkit.submitter.jarjob;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** A main that builds a pipeline and forgets to call execute(). */
public final class NoExecuteJob {
  private NoExecuteJob() {}

  public static void main(String[] args) {
    StreamExecutionEnvironment.getExecutionEnvironment().fromData(1, 2, 3).print();
  }
}
