package io.streamkit.submitter;

import java.util.Map;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.operations.ddl.CreateTableOperation;

/** Checks at validation time that a new table's connector accepts its options. */
final class ConnectorCheck {
  private ConnectorCheck() {}

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
        throw asSource;
      }
    }
  }
}
