package io.streamkit.submitter;

import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableConfig;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogManager;
import org.apache.flink.table.catalog.CatalogStore;
import org.apache.flink.table.catalog.CatalogStoreHolder;
import org.apache.flink.table.catalog.FunctionCatalog;
import org.apache.flink.table.catalog.GenericInMemoryCatalog;
import org.apache.flink.table.delegation.Executor;
import org.apache.flink.table.delegation.ExecutorFactory;
import org.apache.flink.table.delegation.Planner;
import org.apache.flink.table.expressions.DefaultSqlFactory;
import org.apache.flink.table.factories.CatalogStoreFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.PlannerFactoryUtil;
import org.apache.flink.table.factories.TableFactoryUtil;
import org.apache.flink.table.module.ModuleManager;

/**
 * A script's table session whose runtime mode can change, as in Flink's SQL client: {@code SET
 * 'execution.runtime-mode' = 'batch'} after tables were created keeps them. Flink fixes the mode
 * when a {@code TableEnvironment} is created; the SQL gateway (which runs the client's statements)
 * therefore builds a new environment over the session's catalogs, modules, functions and jars, and
 * so does {@link #in}. {@link #open} builds the first one as {@code TableEnvironment.create} does,
 * but keeps hold of those shared parts, which {@code TableEnvironmentImpl} does not expose.
 */
final class SessionEnvironment extends TableEnvironmentImpl {
  /** What every environment of one session shares. */
  private record Shared(
      Configuration flinkConf,
      JarClassLoader classLoader,
      TableConfig config,
      ScriptResourceManager resources,
      ModuleManager modules,
      CatalogManager catalogs,
      FunctionCatalog functions) {}

  private final Shared shared;
  private final LatencyTrackingExecutor tracking;

  private SessionEnvironment(Shared shared, Executor executor, Planner planner, boolean streaming) {
    this(
        shared,
        new LatencyTrackingExecutor(new ClusterCheckingExecutor(executor)),
        planner,
        streaming);
  }

  private SessionEnvironment(
      Shared shared, LatencyTrackingExecutor executor, Planner planner, boolean streaming) {
    super(
        shared.catalogs,
        shared.modules,
        shared.resources,
        shared.config,
        executor,
        shared.functions,
        planner,
        streaming);
    this.shared = shared;
    this.tracking = executor;
  }

  /** The sources and sinks given latency tracking since the last call, one line each. */
  List<String> takeLatencyTracked() {
    return tracking.takeTracked();
  }

  /** Follows {@code TableEnvironmentImpl.create(EnvironmentSettings)} of Flink 2.2. */
  static SessionEnvironment open(Configuration flinkConf) {
    return open(flinkConf, catalog -> catalog);
  }

  /**
   * @param builtIn wraps the built-in in-memory catalog ({@code default_catalog})
   */
  static SessionEnvironment open(Configuration flinkConf, UnaryOperator<Catalog> builtIn) {
    EnvironmentSettings settings =
        EnvironmentSettings.newInstance().withConfiguration(flinkConf).build();
    JarClassLoader classLoader =
        JarClassLoader.create(settings.getUserClassLoader(), settings.getConfiguration());
    Executor executor = executor(classLoader, settings.getConfiguration());

    CatalogStoreFactory storeFactory =
        TableFactoryUtil.findAndCreateCatalogStoreFactory(settings.getConfiguration(), classLoader);
    storeFactory.open(
        TableFactoryUtil.buildCatalogStoreFactoryContext(settings.getConfiguration(), classLoader));
    CatalogStore store =
        settings.getCatalogStore() != null
            ? settings.getCatalogStore()
            : storeFactory.createCatalogStore();

    TableConfig config = TableConfig.getDefault();
    config.setRootConfiguration(executor.getConfiguration());
    config.addConfiguration(settings.getConfiguration());

    ScriptResourceManager resources =
        new ScriptResourceManager(settings.getConfiguration(), classLoader);
    ModuleManager modules = new ModuleManager();
    CatalogManager catalogs =
        CatalogManager.newBuilder()
            .classLoader(classLoader)
            .config(config)
            .defaultCatalog(
                settings.getBuiltInCatalogName(),
                builtIn.apply(
                    new GenericInMemoryCatalog(
                        settings.getBuiltInCatalogName(), settings.getBuiltInDatabaseName())))
            .catalogModificationListeners(
                TableFactoryUtil.findCatalogModificationListenerList(
                    settings.getConfiguration(), classLoader))
            .catalogStoreHolder(
                CatalogStoreHolder.newBuilder()
                    .catalogStore(store)
                    .factory(storeFactory)
                    .config(config)
                    .classloader(classLoader)
                    .build())
            .sqlFactory(settings.getSqlFactory().orElseGet(() -> DefaultSqlFactory.INSTANCE))
            .build();
    FunctionCatalog functions = new FunctionCatalog(config, resources, catalogs, modules);
    Shared shared =
        new Shared(flinkConf, classLoader, config, resources, modules, catalogs, functions);
    return new SessionEnvironment(
        shared, executor, planner(shared, executor), settings.isStreamingMode());
  }

  /**
   * The same session in {@code mode}: its catalogs (and current catalog and database), temporary
   * objects, functions, modules, jars and configuration stay; planner and executor are new.
   *
   * @param session the session's configuration (the CLI's plus the script's SETs)
   */
  SessionEnvironment in(RuntimeExecutionMode mode, Configuration session) {
    Configuration conf = new Configuration(shared.flinkConf);
    conf.addAll(session);
    conf.set(ExecutionOptions.RUNTIME_MODE, mode);
    Executor executor = executor(shared.classLoader, conf);
    shared.config.setRootConfiguration(executor.getConfiguration());
    shared.config.set(ExecutionOptions.RUNTIME_MODE, mode);
    return new SessionEnvironment(
        shared, executor, planner(shared, executor), mode == RuntimeExecutionMode.STREAMING);
  }

  /** Whether COMPILE PLAN would find {@code file} already there (resolved as Flink does). */
  boolean planFileExists(String file) throws IOException {
    return shared.resources.exists(new Path(file));
  }

  /** {@code REMOVE JAR}: the session forgets the jar (see {@link ScriptResourceManager}). */
  void removeJar(String path) {
    shared.resources.removeJar(path);
  }

  /**
   * Fails as planning in a session with configuration {@code session} would, changing nothing: the
   * SQL gateway checks each SET this way, so a value Flink cannot use fails at its SET.
   */
  void check(Configuration session) {
    Configuration conf = new Configuration(shared.flinkConf);
    conf.addAll(session);
    Executor executor = executor(shared.classLoader, conf);
    TableConfig probe = TableConfig.getDefault();
    probe.setRootConfiguration(executor.getConfiguration());
    probe.addConfiguration(conf);
    PlannerFactoryUtil.createPlanner(
        executor, probe, shared.classLoader, shared.modules, shared.catalogs, shared.functions);
  }

  private static Executor executor(ClassLoader classLoader, Configuration conf) {
    return FactoryUtil.discoverFactory(
            classLoader, ExecutorFactory.class, ExecutorFactory.DEFAULT_IDENTIFIER)
        .create(conf);
  }

  private static Planner planner(Shared shared, Executor executor) {
    return PlannerFactoryUtil.createPlanner(
        executor,
        shared.config,
        shared.classLoader,
        shared.modules,
        shared.catalogs,
        shared.functions);
  }
}
