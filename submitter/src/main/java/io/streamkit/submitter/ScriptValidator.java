package io.streamkit.submitter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;

/**
 * Checks every statement of a script without running anything: parses it, applies DDL to a
 * copy-on-write view of the catalog (see {@link ValidationCatalog}), compiles queries and INSERTs
 * to a full plan (which creates their connectors, so unknown connectors and option keys show up),
 * and for each new table checks that its connector accepts its options.
 */
final class ScriptValidator {
  private ScriptValidator() {}

  static List<Diagnostic> validate(TableEnvironment env, List<SqlScript.Statement> statements) {
    List<Diagnostic> errors = new ArrayList<>();
    for (SqlScript.Statement statement : statements) {
      try {
        validate(env, statement);
      } catch (Throwable t) {
        errors.add(Diagnostic.of(statement, t, env));
      }
    }
    return errors;
  }

  private static void validate(TableEnvironment env, SqlScript.Statement statement) {
    TableEnvironmentInternal internal = (TableEnvironmentInternal) env;
    List<Operation> operations = internal.getParser().parse(statement.sql());
    Operation operation = operations.get(0);
    if (operation instanceof ModifyOperation
        || operation instanceof StatementSetOperation
        || operation instanceof QueryOperation) {
      env.explainSql(statement.sql());
    } else if (isSafeToApply(operation)) {
      internal.executeInternal(operation);
      if (operation instanceof CreateTableOperation create) {
        checkConnector(internal, create);
      }
    }
    // Anything else (CALL, EXECUTE PLAN, ...) is only parsed: running it would have effects.
  }

  /**
   * DDL (applied to the overlay), USE, SET, SHOW and DESCRIBE change nothing outside the session.
   */
  private static boolean isSafeToApply(Operation operation) {
    String type = operation.getClass().getName();
    String simple = operation.getClass().getSimpleName();
    return type.startsWith("org.apache.flink.table.operations.ddl.")
        || type.startsWith("org.apache.flink.table.operations.command.")
        || simple.startsWith("Use")
        || simple.startsWith("Show")
        || simple.startsWith("Describe")
        || simple.endsWith("ModuleOperation");
  }

  /** A table must be usable as a source or as a sink with its options. */
  private static void checkConnector(TableEnvironmentInternal env, CreateTableOperation create) {
    ResolvedCatalogTable table =
        env.getCatalogManager().resolveCatalogTable(create.getCatalogTable());
    ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
    try {
      FactoryUtil.createDynamicTableSource(
          null,
          create.getTableIdentifier(),
          table,
          Map.of(),
          env.getConfig(),
          classLoader,
          create.isTemporary());
    } catch (RuntimeException asSource) {
      try {
        FactoryUtil.createDynamicTableSink(
            null,
            create.getTableIdentifier(),
            table,
            Map.of(),
            env.getConfig(),
            classLoader,
            create.isTemporary());
      } catch (RuntimeException asSink) {
        throw asSource;
      }
    }
  }
}
