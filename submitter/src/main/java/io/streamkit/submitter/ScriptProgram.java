package io.streamkit.submitter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of a SQL script deployed into a Flink cluster: the {@code FlinkDeployment} and
 * {@code FlinkSessionJob} manifests of {@code bin/streamkit sql deploy --operator} start it (in
 * application mode on the JobManager, or as a jar run of a session cluster). It runs {@code sql run
 * --target cluster} with the given arguments, so the script gets what it gets from the CLI
 * (catalog, validation first, job tags, latency tracking, test mode), and its jobs go to the
 * cluster it runs in.
 *
 * <p>Arguments: those of {@code sql run} and then the script file, or {@code --script-text SQL} in
 * place of the file (a session job has no file of its own to read). Public: Flink calls it. Never
 * calls {@code System.exit} (it would end the JobManager); a failed script throws.
 */
public final class ScriptProgram {
  static final String SCRIPT_TEXT = "--script-text";

  private ScriptProgram() {}

  public static void main(String[] args) throws IOException {
    List<String> cli = new ArrayList<>(List.of("sql", "run", "--target", "cluster"));
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    int text = rest.indexOf(SCRIPT_TEXT);
    if (text >= 0) {
      if (text + 1 >= rest.size()) {
        throw new IllegalArgumentException(SCRIPT_TEXT + " needs the script's text.");
      }
      Path file = Files.createTempDirectory("streamkit-script").resolve("job.sql");
      Files.writeString(file, rest.get(text + 1), StandardCharsets.UTF_8);
      rest.remove(text + 1);
      rest.remove(text);
      rest.add(file.toString());
    }
    cli.addAll(rest);
    int code =
        StreamkitCli.execute(
            cli.toArray(String[]::new),
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true));
    if (code != 0) {
      throw new IllegalStateException(
          "The SQL script failed (streamkit sql run exit code "
              + code
              + "); its errors are printed above.");
    }
  }
}
