package io.streamkit.catalog;

import static io.streamkit.catalog.StreamkitCatalogOptions.CONNECTION_TIMEOUT;
import static io.streamkit.catalog.StreamkitCatalogOptions.PASSWORD;
import static io.streamkit.catalog.StreamkitCatalogOptions.POOL_MAX_SIZE;
import static io.streamkit.catalog.StreamkitCatalogOptions.URL;
import static io.streamkit.catalog.StreamkitCatalogOptions.USERNAME;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.catalog.CatalogStore;
import org.apache.flink.table.factories.CatalogStoreFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * {@code table.catalog-store.kind: streamkit}, with {@code table.catalog-store.streamkit.url} (and
 * {@code .username}, {@code .password}, {@code .connection.timeout}) naming the metadata database.
 */
public final class StreamkitCatalogStoreFactory implements CatalogStoreFactory {
  private JdbcSettings settings;
  private ClassLoader classLoader;

  @Override
  public String factoryIdentifier() {
    return StreamkitCatalogOptions.IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of();
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(URL, USERNAME, PASSWORD, CONNECTION_TIMEOUT, POOL_MAX_SIZE);
  }

  @Override
  public void open(Context context) {
    FactoryUtil.CatalogStoreFactoryHelper helper =
        FactoryUtil.createCatalogStoreFactoryHelper(this, context);
    helper.validate();
    settings = StreamkitCatalogFactory.jdbcSettings(helper.getOptions());
    classLoader = context.getClassLoader();
  }

  @Override
  public CatalogStore createCatalogStore() {
    return new StreamkitCatalogStore(settings, classLoader);
  }

  @Override
  public void close() {}
}
