package ${package};

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The SQL job of this project, {@code src/main/resources/job.sql}. On a streamkit platform run the
 * script itself, with the catalog, job tags, latency tracking and alert rules the platform adds:
 * {@code bin/streamkit sql run src/main/resources/job.sql --var bootstrap=kafka:9092 ...}. This
 * main runs the same script with plain Flink ({@code flink run} or an IDE): each {@code
 * ${name}} is replaced by {@code --name value}, and its INSERTs run as one job.
 */
public final class SqlJob {
  private SqlJob() {}

  public static void main(String[] args) throws Exception {
    ParameterTool params = ParameterTool.fromArgs(args);
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    run(env, script(params.get("script")), params.toMap()).execute();
  }

  /** The statements of {@code script} run in {@code env}; the INSERTs are returned as one set. */
  static StatementSet run(TableEnvironment env, String script, Map<String, String> variables) {
    StatementSet inserts = env.createStatementSet();
    for (String statement : statements(script, variables)) {
      if (statement.regionMatches(true, 0, "INSERT", 0, 6)) {
        inserts.addInsertSql(statement);
      } else {
        env.executeSql(statement);
      }
    }
    return inserts;
  }

  /** The script's statements, split at a {@code ;} that ends a line, comments dropped. */
  static List<String> statements(String script, Map<String, String> variables) {
    for (Map.Entry<String, String> v : variables.entrySet()) {
      script = script.replace("$" + "{" + v.getKey() + "}", v.getValue());
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      if (line.trim().startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.trim().endsWith(";")) {
        String statement = current.toString().trim();
        statements.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    return statements;
  }

  static String script(String file) throws IOException {
    if (file != null) {
      return Files.readString(Path.of(file));
    }
    try (InputStream in = SqlJob.class.getResourceAsStream("/job.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
