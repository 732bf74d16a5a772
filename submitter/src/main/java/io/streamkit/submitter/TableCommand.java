package io.streamkit.submitter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code streamkit table register}: a schema for a topic of an attached Kafka cluster. */
@Command(
    name = "table",
    mixinStandardHelpOptions = true,
    description = "Schemas of the topics of attached Kafka clusters.",
    subcommands = {TableCommand.Register.class})
final class TableCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** One column of a schema file: {@code name type 'description'}. */
  record SchemaColumn(String name, String type, String description) {}

  /** Where a registered table keeps its version: its comment. */
  private static final Pattern VERSION = Pattern.compile("registered schema version (\\d+)");

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
        "Register the schema of a topic of an attached Kafka cluster (CLUSTER.TOPIC), from a"
            + " file of name-type-'description' lines (OStream's table form). Values are read"
            + " as JSON. Registering again makes a new schema version.",
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
        description = "Lines of: name type 'description'.")
    Path schema;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int dot = table.indexOf('.');
      if (dot <= 0 || dot == table.length() - 1) {
        throw new UsageException("Name the table as CLUSTER.TOPIC, got '" + table + "'.");
      }
      ObjectPath path = new ObjectPath(table.substring(0, dot), table.substring(dot + 1));
      List<String> errors = new ArrayList<>();
      List<SchemaColumn> columns = parse(schema, errors);
      if (!errors.isEmpty()) {
        errors.forEach(err::println);
        err.println("Nothing registered.");
        return 1;
      }
      Configuration conf = session.configuration();
      Catalog catalog = FunctionCommand.openCatalog(conf);
      int version;
      String delay;
      try {
        Map<String, String> cluster = catalog.getDatabase(path.getDatabaseName()).getProperties();
        if (!"kafka".equals(cluster.get("kind"))) {
          err.println(
              path.getDatabaseName()
                  + " is not an attached Kafka cluster (bin/streamkit kafka attach).");
          return 1;
        }
        delay = cluster.getOrDefault("watermark.delay", "5 s");
        version = 1;
        if (catalog.tableExists(path)) {
          CatalogBaseTable old = catalog.getTable(path);
          Matcher was = VERSION.matcher(String.valueOf(old.getComment()));
          if (was.find()) {
            version = Integer.parseInt(was.group(1)) + 1;
            catalog.dropTable(path, true);
          }
        }
      } finally {
        catalog.close();
      }
      SessionEnvironment env = SqlSession.create(conf, false);
      try {
        env.executeSql(ddl(path, columns, delay, version));
      } finally {
        SqlSession.close(env);
      }
      out.println(
          "Registered "
              + path.getFullName()
              + ", schema version "
              + version
              + " ("
              + columns.size()
              + " columns).");
      return 0;
    }
  }

  static String ddl(ObjectPath path, List<SchemaColumn> columns, String delay, int version) {
    StringBuilder sql = new StringBuilder("CREATE TABLE ");
    sql.append(quote(path.getDatabaseName())).append('.').append(quote(path.getObjectName()));
    sql.append(" (\n");
    for (SchemaColumn c : columns) {
      sql.append("  ").append(quote(c.name())).append(' ').append(c.type());
      if (c.description() != null) {
        sql.append(" COMMENT '").append(c.description()).append('\'');
      }
      sql.append(",\n");
    }
    sql.append("  `event_time` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',\n")
        .append("  `partition` INT METADATA VIRTUAL,\n")
        .append("  `offset` BIGINT METADATA VIRTUAL,\n")
        .append("  `headers` MAP<STRING, BYTES> METADATA VIRTUAL,\n")
        .append("  WATERMARK FOR `event_time` AS `event_time` - ")
        .append("INTERVAL '")
        .append(org.apache.flink.util.TimeUtils.parseDuration(delay).toMillis() / 1000.0)
        .append("' SECOND")
        .append("\n) COMMENT 'Kafka topic ")
        .append(path.getObjectName())
        .append(", registered schema version ")
        .append(version)
        .append("'\nWITH ('connector' = 'kafka', 'topic' = '")
        .append(path.getObjectName().replace("'", "''"))
        .append("', 'value.format' = 'json')");
    return sql.toString();
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
