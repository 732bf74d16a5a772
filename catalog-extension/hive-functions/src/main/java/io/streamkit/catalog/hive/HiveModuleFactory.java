package io.streamkit.catalog.hive;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.factories.ModuleFactory;
import org.apache.flink.table.module.Module;

/** {@code LOAD MODULE hive}: the factory Flink finds through {@code META-INF/services}. */
public final class HiveModuleFactory implements ModuleFactory {
  @Override
  public Module createModule(Context context) {
    return new HiveModule();
  }

  @Override
  public String factoryIdentifier() {
    return "hive";
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
