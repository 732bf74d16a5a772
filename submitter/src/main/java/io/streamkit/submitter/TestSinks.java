package io.streamkit.submitter;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.operations.CompileAndExecutePlanOperation;
import org.apache.flink.table.operations.CreateTableASOperation;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.ModifyType;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.ReplaceTableAsOperation;
import org.apache.flink.table.operations.SinkModifyOperation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.apache.flink.table.operations.command.ExecutePlanOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;

/**
 * Test mode ({@code sql run --test-sinks}): the script reads production sources but every INSERT
 * writes to a test copy of its target, and nothing the run does moves production's consumer groups.
 *
 * <ul>
 *   <li>Sources: each Kafka table is read as a consumer group of its own ({@code <group><suffix>})
 *       that commits no offsets (neither on checkpoints nor automatically). Applied where the
 *       planner reads tables: the session's catalogs are wrapped ({@link #wrap}) and temporary
 *       tables are changed when created ({@link #created}), since the planner creates a table's
 *       source as it parses a query.
 *   <li>Sinks: the target of each INSERT is swapped right before the job is planned ({@link
 *       #rewrite}): Kafka to {@code <topic><suffix>} on the same cluster (created like the
 *       production topic when missing) with its own transactional ids, JDBC to the configured test
 *       database, anything else to the configured connector ({@code print} by default).
 * </ul>
 *
 * {@link TestRunGuard} checks the planned job before it is submitted, so a Kafka table that escaped
 * the rewrite (one of a catalog the script itself creates) refuses the run instead of touching
 * production.
 */
final class TestSinks {
  private static final Set<String> KAFKA = Set.of("kafka", "upsert-kafka");
  static final String COMMIT_ON_CHECKPOINT = "properties.commit.offsets.on.checkpoint";
  static final String GROUP_ID = "properties.group.id";

  private final ReadableConfig conf;
  private final String suffix;
  private final TestTopics topics;
  private final List<String> redirected = new ArrayList<>();

  TestSinks(ReadableConfig conf) {
    this.conf = conf;
    this.suffix = conf.get(StreamkitOptions.TEST_SINKS_SUFFIX);
    this.topics = new TestTopics(suffix);
    if (suffix.isBlank()) {
      throw new UsageException(
          StreamkitOptions.TEST_SINKS_SUFFIX.key()
              + " must not be empty: test results would go"
              + " to the production topics.");
    }
  }

  String suffix() {
    return suffix;
  }

  /** A job name of a test run: the name with the suffix, once. */
  String jobName(String name) {
    return name.endsWith(suffix) ? name : name + suffix;
  }

  /** Where the sinks of the last planned jobs went, one line each, since the last call. */
  List<String> takeRedirected() {
    List<String> lines = List.copyOf(redirected);
    redirected.clear();
    return lines;
  }

  /** The catalog as test mode reads it: its Kafka tables with the test consumer settings. */
  Catalog wrap(Catalog catalog) {
    return (Catalog)
        Proxy.newProxyInstance(
            Catalog.class.getClassLoader(),
            new Class<?>[] {Catalog.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(catalog, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (method.getName().equals("getTable") && result instanceof CatalogTable table) {
                return table.copy(sourceOptions(((ObjectPath) args[0]).getObjectName(), table));
              }
              return result;
            });
  }

  /** A CREATE TEMPORARY TABLE of a test run: session-only, so changed where it is created. */
  Operation created(CreateTableOperation create) {
    if (!create.isTemporary()) {
      return create; // in a catalog: wrapped, and never stored with test settings
    }
    ResolvedCatalogTable table = create.getCatalogTable();
    return new CreateTableOperation(
        create.getTableIdentifier(),
        table.copy(sourceOptions(create.getTableIdentifier().getObjectName(), table)),
        create.isIgnoreIfExists(),
        true);
  }

  /** An INSERT, or a statement set of them, with every target swapped for its test copy. */
  Operation rewrite(Operation op) {
    if (op instanceof StatementSetOperation set) {
      List<ModifyOperation> operations = new ArrayList<>();
      for (ModifyOperation modify : set.getOperations()) {
        operations.add((ModifyOperation) rewrite(modify));
      }
      return new StatementSetOperation(operations);
    }
    if (op instanceof CreateTableASOperation || op instanceof ReplaceTableAsOperation) {
      throw new IllegalArgumentException(
          "Test mode cannot run CREATE TABLE ... AS SELECT: it would create the production"
              + " table. Create the table first and INSERT INTO it, or run without --test-sinks.");
    }
    if (op instanceof CompileAndExecutePlanOperation || op instanceof ExecutePlanOperation) {
      throw new IllegalArgumentException(
          "Test mode cannot run a compiled plan: its sinks are fixed in the plan file. Run the"
              + " INSERT itself, or run without --test-sinks.");
    }
    if (!(op instanceof SinkModifyOperation sink)) {
      return op; // a query printed by the CLI, for example
    }
    ContextResolvedTable target = sink.getContextResolvedTable();
    if (!(target.getResolvedTable() instanceof ResolvedCatalogTable)) {
      return op;
    }
    // Options given as hints on the INSERT would win over the table's: merged, then swapped.
    Map<String, String> options = new HashMap<>(target.getResolvedTable().getOptions());
    options.putAll(sink.getDynamicOptions());
    Map<String, String> test = sinkOptions(target.getIdentifier(), options);
    return new SinkModifyOperation(
        target.copy(test),
        sink.getChild(),
        sink.getStaticPartitions(),
        sink.getTargetColumns(),
        sink.isOverwrite(),
        Map.of(),
        sink.isDelete()
            ? ModifyType.DELETE
            : sink.isUpdate() ? ModifyType.UPDATE : ModifyType.INSERT);
  }

  /** A Kafka source's options in test mode; other tables' options unchanged. */
  Map<String, String> sourceOptions(String tableName, CatalogTable table) {
    Map<String, String> options = table.getOptions();
    if (!KAFKA.contains(options.get("connector"))) {
      return options;
    }
    Map<String, String> test = new LinkedHashMap<>(options);
    String group = options.getOrDefault(GROUP_ID, tableName);
    test.put(GROUP_ID, jobName(group));
    test.put(COMMIT_ON_CHECKPOINT, "false");
    test.put("properties.enable.auto.commit", "false");
    if ("group-offsets".equals(options.get("scan.startup.mode"))) {
      // The test group has no offsets of its own: start at the production data's end unless
      // the table says where a group without offsets starts.
      test.putIfAbsent("properties.auto.offset.reset", "latest");
    }
    return test;
  }

  private Map<String, String> sinkOptions(ObjectIdentifier table, Map<String, String> options) {
    String connector = options.getOrDefault("connector", "");
    String name = table.asSummaryString();
    Map<String, String> test = new LinkedHashMap<>(options);
    if (KAFKA.contains(connector)) {
      String created = topics.prepare(options);
      List<String> names = new ArrayList<>();
      for (String topic : options.getOrDefault("topic", "").split(";")) {
        names.add(jobName(topic.trim()));
      }
      test.put("topic", String.join(";", names));
      String prefix = options.get("sink.transactional-id-prefix");
      if (prefix != null) {
        test.put("sink.transactional-id-prefix", jobName(prefix));
      }
      redirected.add(
          String.format(
              "Test sink: %s -> Kafka topic %s at %s%s",
              name,
              String.join(", ", names),
              options.get("properties.bootstrap.servers"),
              created));
    } else if (connector.equals("jdbc")) {
      String url =
          conf.getOptional(StreamkitOptions.TEST_SINKS_JDBC_URL)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "Test mode: "
                              + name
                              + " writes to a database ('connector' = 'jdbc'). Set "
                              + StreamkitOptions.TEST_SINKS_JDBC_URL.key()
                              + " to a test database that has table '"
                              + options.get("table-name")
                              + "', or run without --test-sinks."));
      test.put("url", url);
      conf.getOptional(StreamkitOptions.TEST_SINKS_JDBC_USERNAME)
          .ifPresent(u -> test.put("username", u));
      conf.getOptional(StreamkitOptions.TEST_SINKS_JDBC_PASSWORD)
          .ifPresent(p -> test.put("password", p));
      redirected.add(
          String.format("Test sink: %s -> table %s of %s", name, options.get("table-name"), url));
    } else {
      test.clear();
      String other = conf.get(StreamkitOptions.TEST_SINKS_CONNECTOR);
      test.put("connector", other);
      if (other.equals("print")) {
        test.put("print-identifier", name);
      }
      test.putAll(conf.get(StreamkitOptions.TEST_SINKS_CONNECTOR_OPTIONS));
      redirected.add(
          String.format(
              "Test sink: %s ('connector' = '%s') -> connector %s%s",
              name,
              connector,
              other,
              other.equals("print") ? " (standard output of the task)" : ""));
    }
    return test;
  }
}
