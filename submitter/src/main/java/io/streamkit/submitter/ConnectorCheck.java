package io.streamkit.submitter;

import java.util.Map;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.operations.ddl.CreateTableOperation;

/** Checks at validation time that a new table's connector accepts its options. */
final class ConnectorCheck {
  private ConnectorCheck() {}

  private static boolean onlySink(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("can only be used as a sink")) {
        return true;
      }
    }
    return false;
  }

  /** A table must be usable as a source or as a sink with its options. */
  static void check(TableEnvironmentInternal env, CreateTableOperation create) {
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
        // The error of the role the connector has: a sink-only connector's source error only
        // says it is a sink, and hides what is wrong with its options.
        throw onlySink(asSource) ? asSink : asSource;
      }
    }
  }
}
