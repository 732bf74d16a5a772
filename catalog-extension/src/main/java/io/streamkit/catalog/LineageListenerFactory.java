package io.streamkit.catalog;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobStatusChangedListener;
import org.apache.flink.core.execution.JobStatusChangedListenerFactory;

/**
 * Records every submitted job's lineage in the streamkit catalog database. Set on a cluster or
 * client with {@code execution.job-status-changed-listeners:
 * io.streamkit.catalog.LineageListenerFactory}; {@code bin/streamkit sql run} sets it itself. The
 * database is the one {@code streamkit.catalog.url} (and {@code .username}, {@code .password})
 * names, as for the CLI's catalog.
 */
public final class LineageListenerFactory implements JobStatusChangedListenerFactory {
  /** Catalog options in a Flink configuration: {@code streamkit.catalog.url} is {@code url}. */
  public static final String CATALOG_PREFIX = "streamkit.catalog.";

  @Override
  public JobStatusChangedListener createListener(Context context) {
    Configuration catalog = new Configuration();
    context
        .getConfiguration()
        .toMap()
        .forEach(
            (key, value) -> {
              if (key.startsWith(CATALOG_PREFIX)) {
                catalog.setString(key.substring(CATALOG_PREFIX.length()), value);
              }
            });
    return new LineageListener(
        () -> LineageStore.open(catalog, LineageListenerFactory.class.getClassLoader()),
        LineageListener.RETRY_MILLIS);
  }
}
