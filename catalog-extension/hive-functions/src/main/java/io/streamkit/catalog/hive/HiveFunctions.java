package io.streamkit.catalog.hive;

import io.streamkit.catalog.CatalogFunctionWrapper;
import java.util.Optional;
import org.apache.flink.table.functions.FunctionDefinition;

/**
 * Hive functions registered in the streamkit catalog ({@code CREATE FUNCTION f AS 'com.acme.MyUdf'
 * USING JAR '...'}): a class that is a Hive {@code UDF}, {@code GenericUDF} or {@code GenericUDTF}
 * is wrapped as the Flink function of its kind. Found by the catalog through {@code
 * META-INF/services}.
 */
public final class HiveFunctions implements CatalogFunctionWrapper {
  @Override
  public Optional<FunctionDefinition> wrap(
      String name, Class<?> functionClass, ClassLoader loader) {
    if (!HiveUdf.isHiveFunction(functionClass)) {
      return Optional.empty();
    }
    return Optional.of(definition(HiveUdf.of(name, functionClass), loader));
  }

  static FunctionDefinition definition(HiveUdf udf, ClassLoader loader) {
    switch (udf.kind()) {
      case TABLE:
        return new HiveTableFunction(udf, loader);
      case SIMPLE_AGGREGATE:
      case AGGREGATE:
        return new HiveAggregateFunction(udf, loader);
      default:
        return new HiveScalarFunction(udf, loader);
    }
  }
}
