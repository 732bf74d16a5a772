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
  private MasterKey masterKey;
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
    return Set.of(
        URL,
        USERNAME,
        PASSWORD,
        CONNECTION_TIMEOUT,
        POOL_MAX_SIZE,
        StreamkitCatalogOptions.SECRET_KEY_FILE,
        StreamkitCatalogOptions.SECRET_KEY_ENV,
        StreamkitCatalogOptions.SECRET_KEY_KEYSTORE_PATH,
        StreamkitCatalogOptions.SECRET_KEY_KEYSTORE_PASSWORD,
        StreamkitCatalogOptions.SECRET_KEY_KEYSTORE_ALIAS);
  }

  @Override
  public void open(Context context) {
    FactoryUtil.CatalogStoreFactoryHelper helper =
        FactoryUtil.createCatalogStoreFactoryHelper(this, context);
    helper.validate();
    settings = StreamkitCatalogFactory.jdbcSettings(helper.getOptions());
    masterKey = MasterKey.fromOptions(helper.getOptions()).orElse(null);
    classLoader = context.getClassLoader();
  }

  @Override
  public CatalogStore createCatalogStore() {
    return new StreamkitCatalogStore(settings, masterKey, classLoader);
  }

  @Override
  public void close() {}
}
