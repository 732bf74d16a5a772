package io.streamkit.catalog;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogModel;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.exceptions.ModelNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.ml.ModelProvider;

/**
 * The catalog's table and model factory (see {@code Catalog#getFactory}). The planner builds every
 * source and sink of a catalog table, and every model provider, through it: it puts the stored
 * secret values back in place of the masks that {@code getTable} shows, then hands over to the
 * connector named by the {@code connector} option. So secrets reach the connector and nothing else.
 * A registered topic of a Kafka database that does not exist yet is refused or created here, when a
 * job is planned on it.
 */
final class SecretResolvingTableFactory
    implements DynamicTableSourceFactory, DynamicTableSinkFactory, ModelProviderFactory {
  private final StreamkitCatalog catalog;

  SecretResolvingTableFactory(StreamkitCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public DynamicTableSource createDynamicTableSource(DynamicTableFactory.Context context) {
    return FactoryUtil.createDynamicTableSource(
        null,
        context.getObjectIdentifier(),
        withSecrets(context),
        context.getEnrichmentOptions(),
        context.getConfiguration(),
        context.getClassLoader(),
        context.isTemporary());
  }

  @Override
  public DynamicTableSink createDynamicTableSink(DynamicTableFactory.Context context) {
    return FactoryUtil.createDynamicTableSink(
        null,
        context.getObjectIdentifier(),
        withSecrets(context),
        context.getEnrichmentOptions(),
        context.getConfiguration(),
        context.getClassLoader(),
        context.isTemporary());
  }

  private ResolvedCatalogTable withSecrets(DynamicTableFactory.Context context) {
    ResolvedCatalogTable table = context.getCatalogTable();
    ObjectPath path = context.getObjectIdentifier().toObjectPath();
    catalog.ensureTopic(path, table.getOptions());
    if (!table.getOptions().containsValue(Secrets.MASK)) {
      return table;
    }
    try {
      return table.copy(Secrets.unmask(table.getOptions(), catalog.storedOptions(path)));
    } catch (TableNotExistException e) {
      throw new ValidationException(
          "Table " + context.getObjectIdentifier() + " was dropped while being planned.", e);
    }
  }

  /** Models' secrets the same way: the provider named by {@code provider} gets the real ones. */
  @Override
  public ModelProvider createModelProvider(ModelProviderFactory.Context context) {
    ResolvedCatalogModel model = context.getCatalogModel();
    if (model.getOptions().containsValue(Secrets.MASK)) {
      ObjectPath path = context.getObjectIdentifier().toObjectPath();
      try {
        model =
            ResolvedCatalogModel.of(
                model
                    .getOrigin()
                    .copy(Secrets.unmask(model.getOptions(), catalog.storedModelOptions(path))),
                model.getResolvedInputSchema(),
                model.getResolvedOutputSchema());
      } catch (ModelNotExistException e) {
        throw new ValidationException(
            "Model " + context.getObjectIdentifier() + " was dropped while being planned.", e);
      }
    }
    return FactoryUtil.createModelProvider(
        null,
        context.getObjectIdentifier(),
        model,
        context.getConfiguration(),
        context.getClassLoader(),
        context.isTemporary());
  }

  @Override
  public String factoryIdentifier() {
    return "streamkit-catalog-table"; // never discovered: the catalog hands it to the planner
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of();
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of();
  }
}
