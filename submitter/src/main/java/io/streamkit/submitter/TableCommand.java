package io.streamkit.submitter;

import io.streamkit.catalog.StreamkitCatalog;
import io.streamkit.catalog.TopicSchemaChange;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code streamkit table register|refresh}: the schema of a topic of an attached Kafka cluster,
 * registered from a file or refreshed from its recent messages.
 */
@Command(
    name = "table",
    mixinStandardHelpOptions = true,
    description = "Schemas of the topics of attached Kafka clusters: register, refresh.",
    subcommands = {TableCommand.Register.class, TableCommand.Refresh.class})
final class TableCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** One column of a schema file: {@code name type 'description'}. */
  record SchemaColumn(String name, String type, String description) {}

  private static final Pattern LINE =
      Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s+(.+?)(?:\\s+'((?:[^']|'')*)')?\\s*$");

  /** The columns of a schema file, or its errors as {@code file:line: reason}. */
  static List<SchemaColumn> parse(Path file, List<String> errors) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      errors.add(file + ": cannot read: " + e.getMessage());
      return List.of();
    }
    List<SchemaColumn> columns = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.trim().startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        errors.add(file + ":" + (i + 1) + ": expected: name type 'description'");
        continue;
      }
      String type = m.group(2).trim();
      try {
        if (LogicalTypeParser.parse(type, TableCommand.class.getClassLoader())
            instanceof org.apache.flink.table.types.logical.UnresolvedUserDefinedType) {
          errors.add(file + ":" + (i + 1) + ": column " + m.group(1) + ": unknown type " + type);
          continue;
        }
      } catch (RuntimeException e) {
        errors.add(file + ":" + (i + 1) + ": column " + m.group(1) + ": " + e.getMessage());
        continue;
      }
      if (columns.stream().anyMatch(c -> c.name().equals(m.group(1)))) {
        errors.add(file + ":" + (i + 1) + ": column " + m.group(1) + " appears twice");
        continue;
      }
      columns.add(new SchemaColumn(m.group(1), type, m.group(3)));
    }
    if (columns.isEmpty() && errors.isEmpty()) {
      errors.add(file + ": no columns");
    }
    return columns;
  }

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description = {
        "Register the schema of a topic of an attached Kafka cluster (CLUSTER.TOPIC) from a file:"
            + " a JSON Schema of an object, an Avro record schema, or lines of"
            + " name type 'description' (OStream's table form). Registering again makes a new"
            + " schema version; running jobs keep the version they were planned with.",
        "Exit code: 0 when registered, 1 when refused (file:line errors), 2 on bad usage."
      })
  static final class Register implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin SessionOptions session;

    @Parameters(index = "0", paramLabel = "CLUSTER.TOPIC", description = "The topic's table.")
    String table;

    @CommandLine.Option(
        names = "--schema",
        required = true,
        paramLabel = "FILE",
        description = "A JSON Schema, an Avro schema (.avsc) or lines of: name type 'description'.")
    Path schema;

    @CommandLine.Option(
        names = "--value-format",
        paramLabel = "FORMAT",
        description =
            "The Kafka connector's value.format (json, avro, ...); default: json on the first"
                + " registration, unchanged after.")
    String valueFormat;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ObjectPath path = topicPath(table);
      try {
        TopicSchemaChange change =
            KafkaTables.register(session.configuration(), path, schema, valueFormat);
        out.println(
            "Registered "
                + change.table()
                + ", schema version "
                + change.version()
                + " ("
                + change.changes().size()
                + " columns).");
        return 0;
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        err.println("Nothing registered.");
        return 1;
      } catch (CatalogException e) {
        err.println(e.getMessage());
        return 1;
      }
    }
  }

  @Command(
      name = "refresh",
      mixinStandardHelpOptions = true,
      description = {
        "Sample a topic's recent messages again and add the fields seen for the first time as"
            + " nullable columns in a new schema version. Nothing is dropped or retyped: a value"
            + " that does not fit its column is reported with both types. A topic with no schema"
            + " yet gets version 1.",
        "Exit code: 0 when done, 1 when conflicts were reported or the topic cannot be sampled."
      })
  static final class Refresh implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin SessionOptions session;

    @Parameters(index = "0", paramLabel = "CLUSTER.TOPIC", description = "The topic's table.")
    String table;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ObjectPath path = topicPath(table);
      StreamkitCatalog catalog = KafkaTables.streamkitCatalog(session.configuration());
      TopicSchemaChange change;
      try {
        change = catalog.refreshTopicSchema(path);
      } catch (CatalogException e) {
        err.println(e.getMessage());
        return 1;
      } finally {
        catalog.close();
      }
      if (change.changed()) {
        out.println(
            "Refreshed "
                + change.table()
                + " from "
                + change.samples()
                + " messages: schema version "
                + change.version()
                + ".");
        change.changes().forEach(c -> out.println("  " + c));
      } else {
        out.println(
            change.table()
                + ": nothing new in "
                + change.samples()
                + " messages; schema version "
                + change.version()
                + " stays.");
      }
      if (!change.conflicts().isEmpty()) {
        err.println("Conflicts, left as they are:");
        change.conflicts().forEach(c -> err.println("  " + c));
        return 1;
      }
      return 0;
    }
  }

  private static ObjectPath topicPath(String table) {
    int dot = table.indexOf('.');
    if (dot <= 0 || dot == table.length() - 1) {
      throw new UsageException("Name the table as CLUSTER.TOPIC, got '" + table + "'.");
    }
    return new ObjectPath(table.substring(0, dot), table.substring(dot + 1));
  }
}
