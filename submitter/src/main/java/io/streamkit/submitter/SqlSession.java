package io.streamkit.submitter;

import io.streamkit.catalog.LineageListenerFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * Creates the Flink table session a script runs in, with the streamkit catalog as current catalog.
 */
final class SqlSession {
  private SqlSession() {}

  /**
   * @param validateOnly when true, the catalog is wrapped so the script's DDL changes nothing real
   *     and CREATE CATALOG is not persisted by a catalog store.
   */
  static SessionEnvironment create(Configuration conf, boolean validateOnly) {
    return create(conf, validateOnly, null);
  }

  /**
   * @param testSinks test mode: the session's catalogs are read through it (null: off)
   */
  private static SessionEnvironment create(
      Configuration conf, boolean validateOnly, TestSinks testSinks) {
    Configuration flinkConf = new Configuration(conf);
    if (validateOnly) {
      flinkConf.setString("table.catalog-store.kind", "generic_in_memory");
    } else if (conf.get(StreamkitOptions.CATALOG_ENABLED)) {
      recordLineage(flinkConf);
    }
    SessionEnvironment env =
        SessionEnvironment.open(flinkConf, testSinks == null ? c -> c : testSinks::wrap);
    if (conf.get(StreamkitOptions.CATALOG_ENABLED)) {
      String name = conf.get(StreamkitOptions.CATALOG_NAME);
      Catalog catalog =
          FactoryUtil.createCatalog(
              name,
              catalogOptions(conf),
              flinkConf,
              Thread.currentThread().getContextClassLoader());
      if (validateOnly) {
        catalog = new ValidationCatalog(name, catalog);
      } else if (testSinks != null) {
        catalog = testSinks.wrap(catalog);
      }
      env.registerCatalog(name, catalog);
      env.useCatalog(name);
    }
    return env;
  }

  /**
   * Every job the session submits records its sources and sinks in the catalog database (the
   * listener Flink's client calls with each job's lineage graph), besides the user's listeners.
   */
  static void recordLineage(Configuration flinkConf) {
    List<String> listeners =
        new ArrayList<>(
            flinkConf
                .getOptional(DeploymentOptions.JOB_STATUS_CHANGED_LISTENERS)
                .orElse(List.of()));
    if (!listeners.contains(LineageListenerFactory.class.getName())) {
      listeners.add(LineageListenerFactory.class.getName());
    }
    flinkConf.set(DeploymentOptions.JOB_STATUS_CHANGED_LISTENERS, listeners);
  }

  /**
   * A script session over a table session made by {@link #create}; a run (not a validation) with
   * {@code streamkit.test-sinks.enabled} is a test run ({@link TestSinks}).
   */
  static ScriptSession script(Configuration conf, boolean validateOnly, boolean remote) {
    TestSinks testSinks =
        !validateOnly && conf.get(StreamkitOptions.TEST_SINKS_ENABLED) ? new TestSinks(conf) : null;
    return new ScriptSession(
        conf, create(conf, validateOnly, testSinks), validateOnly, remote, testSinks);
  }

  /** {@code streamkit.catalog.url: x} becomes the catalog option {@code url = x}. */
  static Map<String, String> catalogOptions(Configuration conf) {
    Map<String, String> options = new HashMap<>();
    options.put("type", "streamkit");
    conf.toMap()
        .forEach(
            (key, value) -> {
              if (key.startsWith(StreamkitOptions.CATALOG_PREFIX)
                  && !key.equals(StreamkitOptions.CATALOG_ENABLED.key())
                  && !key.equals(StreamkitOptions.CATALOG_NAME.key())) {
                options.put(key.substring(StreamkitOptions.CATALOG_PREFIX.length()), value);
              }
            });
    return options;
  }

  /** Closes the catalogs' connection pools. */
  static void close(TableEnvironment env) {
    for (String name : env.listCatalogs()) {
      env.getCatalog(name).ifPresent(Catalog::close);
    }
  }
}
