package io.streamkit.submitter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.api.TableEnvironment;

/**
 * An error in one statement of a script, placed at its line and column in the file, with a hint on
 * how to fix it. Built from whatever Flink, Calcite or a catalog threw.
 */
record Diagnostic(int statement, int line, int column, String message, String hint) {
  private static final Pattern POSITION =
      Pattern.compile("(?:at line|From line|line) (\\d+), column (\\d+)");
  private static final Pattern POSITION_PREFIX =
      Pattern.compile(
          "^(SQL validation failed\\. )?From line \\d+, column \\d+ to line \\d+, column \\d+: ");
  private static final Pattern UNSUPPORTED_KEYS =
      Pattern.compile("Unsupported options:\\s*\\n\\n(.+?)(\\n\\n|$)", Pattern.DOTALL);
  private static final Pattern NOT_FOUND = Pattern.compile("Object '([^']+)' not found");
  private static final Pattern NO_FACTORY =
      Pattern.compile(
          "Could not find any factory for identifier '([^']+)' that implements '([^']+)'");

  /** SQL jars to add for connectors and formats that are not built in. */
  private static final Map<String, String> JARS =
      Map.ofEntries(
          Map.entry("kafka", "flink-sql-connector-kafka"),
          Map.entry("upsert-kafka", "flink-sql-connector-kafka"),
          Map.entry("jdbc", "flink-connector-jdbc-core plus a dialect jar"),
          Map.entry("streamkit-jdbc", "streamkit-dimension-join"),
          Map.entry("filesystem", "flink-connector-files"),
          Map.entry("hive", "flink-sql-connector-hive"),
          Map.entry("elasticsearch-7", "flink-sql-connector-elasticsearch7"),
          Map.entry("hbase-2.2", "flink-sql-connector-hbase-2.2"),
          Map.entry("json", "flink-json"),
          Map.entry("csv", "flink-csv"),
          Map.entry("avro", "flink-sql-avro"),
          Map.entry("avro-confluent", "flink-sql-avro-confluent-registry"),
          Map.entry("parquet", "flink-sql-parquet"),
          Map.entry("orc", "flink-sql-orc"),
          Map.entry("debezium-json", "flink-json"),
          Map.entry("canal-json", "flink-json"));

  static Diagnostic of(SqlScript.Statement statement, Throwable error, TableEnvironment env) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        messages.add(t.getMessage());
      }
      if (t.getCause() == t) {
        break;
      }
    }
    int[] position = {statement.line(), statement.column()};
    for (String m : messages) {
      Matcher pos = POSITION.matcher(m);
      if (pos.find()) {
        position =
            statement.filePosition(Integer.parseInt(pos.group(1)), Integer.parseInt(pos.group(2)));
        break;
      }
    }
    String root =
        messages.isEmpty() ? error.getClass().getSimpleName() : messages.get(messages.size() - 1);
    String message = POSITION_PREFIX.matcher(firstParagraph(root)).replaceFirst("");
    Matcher unsupported = UNSUPPORTED_KEYS.matcher(root);
    if (unsupported.find()) {
      message += " Unsupported keys: " + unsupported.group(1).strip().replace("\n", ", ") + ".";
    }
    return new Diagnostic(
        statement.number(),
        position[0],
        position[1],
        message,
        hint(messages, env, statement.sql()));
  }

  /** The message for failures outside any statement (catalog, cluster). */
  static String describe(Throwable error) {
    Set<String> parts = new LinkedHashSet<>();
    for (Throwable t = error; t != null && parts.size() < 3; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        parts.add(firstParagraph(t.getMessage()));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return parts.isEmpty() ? error.toString() : String.join(" Caused by: ", parts);
  }

  private static String firstParagraph(String message) {
    String trimmed = message.strip();
    int cut = trimmed.indexOf("\n\n");
    return cut < 0 ? trimmed : trimmed.substring(0, cut);
  }

  private static String hint(List<String> messages, TableEnvironment env, String statementText) {
    String all = String.join("\n", messages);
    Matcher notFound = NOT_FOUND.matcher(all);
    if (notFound.find()) {
      String known;
      try {
        known = String.join(", ", env.listTables());
      } catch (RuntimeException e) {
        known = "(cannot list: " + e.getMessage() + ")";
      }
      return String.format(
          "'%s' is not a table or view in %s.%s (it has: %s). Create it first with CREATE TABLE,"
              + " or qualify the name as catalog.database.table.",
          notFound.group(1),
          env.getCurrentCatalog(),
          env.getCurrentDatabase(),
          known.isEmpty() ? "no tables" : known);
    }
    Matcher noFactory = NO_FACTORY.matcher(all);
    if (noFactory.find()) {
      String id = noFactory.group(1);
      String kind = noFactory.group(2).contains("Format") ? "Format" : "Connector";
      String jar = JARS.getOrDefault(id, "the jar that provides '" + id + "'");
      return String.format(
          "%s '%s' is not on the class path. Add %s to Flink's lib/ (for --target remote also"
              + " pass it with --jar), or check the spelling.",
          kind, id, jar);
    }
    if (all.contains("Unsupported options found for")) {
      return "Remove or correct those option keys; see the connector's documentation for the keys"
          + " it supports.";
    }
    if (all.contains("Missing required options are")) {
      return "Add the missing options to the table's WITH clause.";
    }
    if (all.contains("Table options do not contain an option key 'connector'")) {
      return "Add 'connector' = '<name>' to the table's WITH clause.";
    }
    if (all.contains("Cannot connect to the catalog database")) {
      return "Set streamkit.catalog.url, .username and .password in conf/streamkit.yaml or with -D.";
    }
    if (all.contains("Concurrent change")) {
      return "Another session changed the table at the same time; run the script again.";
    }
    if (all.contains("Non-query expression encountered in illegal context")) {
      return Keywords.hint(statementText);
    }
    if (all.contains("Encountered") || all.contains("SQL parse failed")) {
      return "Check the syntax at this position; statements end with ';'.";
    }
    return null;
  }

  /** {@code file:line:column: error: [statement n] message} plus an indented hint line. */
  String format(String file) {
    StringBuilder out =
        new StringBuilder()
            .append(file)
            .append(':')
            .append(line)
            .append(':')
            .append(column)
            .append(": error: [statement ")
            .append(statement)
            .append("] ")
            .append(message.replace("\n", "\n    "));
    if (hint != null) {
      out.append("\n  hint: ").append(hint);
    }
    return out.toString();
  }
}
