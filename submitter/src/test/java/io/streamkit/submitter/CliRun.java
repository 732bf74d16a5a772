package io.streamkit.submitter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** One in-process invocation of the CLI, with what it printed. */
record CliRun(int exitCode, String out, String err, long millis) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long start = System.nanoTime();
    int code = StreamkitCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(
        code, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000);
  }

  static String[] args(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out:\n" + out + "\n--- err:\n" + err;
  }
}
