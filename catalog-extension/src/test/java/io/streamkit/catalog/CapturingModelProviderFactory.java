package io.streamkit.catalog;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.functions.PredictFunction;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.ml.PredictRuntimeProvider;

/**
 * Test model provider {@code 'provider' = 'capture'}: records the options it is created with, so
 * tests can see what a real provider (an OpenAI client, say) would receive, and "predicts" the
 * upper-cased input as the label.
 */
public class CapturingModelProviderFactory implements ModelProviderFactory {
  static final Map<String, Map<String, String>> OPTIONS = new ConcurrentHashMap<>();

  @Override
  public ModelProvider createModelProvider(Context context) {
    OPTIONS.put(
        context.getObjectIdentifier().getObjectName(), context.getCatalogModel().getOptions());
    return new Upper();
  }

  @Override
  public String factoryIdentifier() {
    return "capture";
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of();
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of();
  }

  /** Public: the planner's generated code instantiates it. */
  public static final class UpperFunction extends PredictFunction {
    @Override
    public java.util.Collection<RowData> predict(RowData features) {
      return List.of(
          GenericRowData.of(StringData.fromString(features.getString(0).toString().toUpperCase())));
    }
  }

  private static final class Upper implements PredictRuntimeProvider {
    @Override
    public PredictFunction createPredictFunction(ModelProvider.Context context) {
      return new UpperFunction();
    }

    @Override
    public ModelProvider copy() {
      return new Upper();
    }
  }
}
