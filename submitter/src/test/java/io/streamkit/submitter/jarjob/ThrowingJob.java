package io.streamkit.submitter.jarjob;

/** A main that fails before it builds any job. */
public final class ThrowingJob {
  private ThrowingJob() {}

  public static void main(String[] args) {
    throw new IllegalStateException("missing argument: the input topic");
  }
}
