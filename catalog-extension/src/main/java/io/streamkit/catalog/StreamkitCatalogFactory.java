package io.streamkit.catalog;

import static io.streamkit.catalog.StreamkitCatalogOptions.ARTIFACTS_DIR;
import static io.streamkit.catalog.StreamkitCatalogOptions.CACHE_MAX_SIZE;
import static io.streamkit.catalog.StreamkitCatalogOptions.CONNECTION_TIMEOUT;
import static io.streamkit.catalog.StreamkitCatalogOptions.DEFAULT_DATABASE;
import static io.streamkit.catalog.StreamkitCatalogOptions.PASSWORD;
import static io.streamkit.catalog.StreamkitCatalogOptions.POOL_MAX_SIZE;
import static io.streamkit.catalog.StreamkitCatalogOptions.SECRET_KEYS;
import static io.streamkit.catalog.StreamkitCatalogOptions.SECRET_KEY_ENV;
import static io.streamkit.catalog.StreamkitCatalogOptions.SECRET_KEY_FILE;
import static io.streamkit.catalog.StreamkitCatalogOptions.SECRET_KEY_KEYSTORE_ALIAS;
import static io.streamkit.catalog.StreamkitCatalogOptions.SECRET_KEY_KEYSTORE_PASSWORD;
import static io.streamkit.catalog.StreamkitCatalogOptions.SECRET_KEY_KEYSTORE_PATH;
import static io.streamkit.catalog.StreamkitCatalogOptions.URL;
import static io.streamkit.catalog.StreamkitCatalogOptions.USERNAME;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.factories.CatalogFactory;
import org.apache.flink.table.factories.FactoryUtil;

/** Creates the catalog for {@code CREATE CATALOG c WITH ('type' = 'streamkit', ...)}. */
public final class StreamkitCatalogFactory implements CatalogFactory {

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
        DEFAULT_DATABASE,
        CONNECTION_TIMEOUT,
        POOL_MAX_SIZE,
        CACHE_MAX_SIZE,
        SECRET_KEYS,
        ARTIFACTS_DIR,
        SECRET_KEY_FILE,
        SECRET_KEY_ENV,
        SECRET_KEY_KEYSTORE_PATH,
        SECRET_KEY_KEYSTORE_PASSWORD,
        SECRET_KEY_KEYSTORE_ALIAS);
  }

  @Override
  public Catalog createCatalog(Context context) {
    FactoryUtil.CatalogFactoryHelper helper = FactoryUtil.createCatalogFactoryHelper(this, context);
    helper.validate();
    ReadableConfig options = helper.getOptions();
    return new StreamkitCatalog(
        context.getName(),
        options.get(DEFAULT_DATABASE),
        jdbcSettings(options),
        options.get(SECRET_KEYS),
        options.get(CACHE_MAX_SIZE),
        options.get(ARTIFACTS_DIR),
        MasterKey.fromOptions(options).orElse(null),
        context.getClassLoader());
  }

  static JdbcSettings jdbcSettings(ReadableConfig options) {
    return new JdbcSettings(
        options.get(URL),
        options.getOptional(USERNAME).orElse(null),
        options.getOptional(PASSWORD).orElse(null),
        options.get(CONNECTION_TIMEOUT),
        options.get(POOL_MAX_SIZE));
  }
}
