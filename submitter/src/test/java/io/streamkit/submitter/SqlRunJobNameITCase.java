package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.table.functions.ScalarFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job-name tag ({@code STREAMKIT_JOB_NAME}, read by log-appender for every line) of each job a
 * local {@code sql run} starts is the name the script gave it with {@code SET 'pipeline.name'}, as
 * the job's metrics carry it, and the script's file name again after {@code RESET}.
 */
class SqlRunJobNameITCase {
  @TempDir Path tmp;

  /** What a log line logged inside the job's task would carry as its {@code job_name} tag. */
  public static class JobNameTag extends ScalarFunction {
    public String eval() {
      return System.getProperty("STREAMKIT_JOB_NAME");
    }

    @Override
    public boolean isDeterministic() {
      return false; // read while the job runs, not folded into a constant at planning time
    }
  }

  @Test
  void eachJobIsTaggedWithThePipelineNameTheScriptSet() throws Exception {
    Path out = tmp.resolve("tags");
    Path script = tmp.resolve("tagged.sql");
    Files.writeString(
        script,
        "SET 'execution.runtime-mode' = 'batch';\n"
            + "CREATE TEMPORARY FUNCTION job_tag AS '"
            + JobNameTag.class.getName()
            + "';\n"
            + "CREATE TEMPORARY TABLE tags (job STRING, tag STRING) WITH (\n"
            + "  'connector' = 'filesystem', 'path' = '"
            + out.toUri()
            + "', 'format' = 'json');\n"
            + "INSERT INTO tags SELECT 'first', job_tag();\n"
            + "SET 'pipeline.name' = 'nightly-orders';\n"
            + "INSERT INTO tags SELECT 'second', job_tag();\n"
            + "RESET 'pipeline.name';\n"
            + "INSERT INTO tags SELECT 'third', job_tag();\n");

    CliRun run =
        CliRun.of(
            "sql",
            "run",
            "-D",
            "streamkit.catalog.url=jdbc:h2:file:" + tmp.resolve("catalog").toAbsolutePath(),
            "-D",
            "parallelism.default=1",
            script.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(tagsByJob(out))
        .isEqualTo(Map.of("first", "tagged", "second", "nightly-orders", "third", "tagged"));
  }

  private static Map<String, String> tagsByJob(Path dir) throws Exception {
    Map<String, String> tags = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .toList();
    }
    for (Path file : files) {
      for (String line : Files.readAllLines(file)) {
        // {"job":"first","tag":"tagged"}
        String job = line.replaceAll(".*\"job\":\"([^\"]*)\".*", "$1");
        String tag = line.replaceAll(".*\"tag\":\"([^\"]*)\".*", "$1");
        tags.put(job, tag);
      }
    }
    return tags;
  }
}
