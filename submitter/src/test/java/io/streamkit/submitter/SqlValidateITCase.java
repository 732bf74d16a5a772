package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code streamkit sql validate}: errors placed at file positions, with hints; nothing changed. */
class SqlValidateITCase {
  @TempDir Path tmp;

  private List<String> common(String command) {
    return List.of(
        "sql",
        command,
        "-D",
        "streamkit.catalog.url=jdbc:h2:file:" + tmp.resolve("catalog").toAbsolutePath());
  }

  private CliRun validate(String sql) throws Exception {
    Path file = tmp.resolve("job.sql");
    Files.writeString(file, sql);
    return CliRun.of(CliRun.args(common("validate"), file.toString()));
  }

  @Test
  void validScriptChangesNothingInTheCatalog() throws Exception {
    CliRun run =
        validate(
            "CREATE DATABASE dw;\n"
                + "CREATE TABLE dw.src (id INT, name STRING) WITH ('connector' = 'datagen');\n"
                + "CREATE TABLE dw.dst (id INT, name STRING) WITH ('connector' = 'blackhole');\n"
                + "INSERT INTO dw.dst SELECT id, UPPER(name) FROM dw.src;\n");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("4 statements are valid");

    // The tables only existed for validation.
    CliRun again = validate("INSERT INTO dw.dst SELECT * FROM dw.src;");
    assertThat(again.exitCode()).isEqualTo(1);
  }

  @Test
  void reportsEachErrorWithStatementLineColumnAndHint() throws Exception {
    CliRun run =
        validate(
            "CREATE TABLE demo (id INT, system_id INT) WITH ('connector' = 'blackhole');\n"
                + "\n"
                + "INSERT INTO demo\n"
                + "SELECT *\n"
                + "FROM srcTable\n"
                + "WHERE system_id = 10010;\n"
                + "CREATE TABLE k (id INT) WITH ('connector' = 'kafkaa');\n"
                + "CREATE TABLE g (id INT) WITH ('connector' = 'datagen', 'rows-per-sec' = '1', 'no.such.key' = 'x');\n"
                + "SELEC 1;\n");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err())
        .contains("job.sql:5:6: error: [statement 2] Object 'srcTable' not found")
        .contains("hint: 'srcTable' is not a table or view in streamkit.default (it has: demo)")
        .contains("job.sql:7:1: error: [statement 3]")
        .contains("Could not find any factory for identifier 'kafkaa'")
        .contains("[statement 4] Unsupported options found for 'datagen'")
        .contains("no.such.key")
        .contains("job.sql:9:1: error: [statement 5]");
    assertThat(run.out()).contains("4 of 5 statements have errors");
  }
}
