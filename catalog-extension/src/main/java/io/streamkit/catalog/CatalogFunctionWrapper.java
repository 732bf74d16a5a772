package io.streamkit.catalog;

import java.util.Optional;
import org.apache.flink.table.functions.FunctionDefinition;

/**
 * Makes a Flink function of a catalog function whose class is not one of Flink's (Hive's UDFs, in
 * {@code streamkit-hive-functions}). Implementations are found through {@code META-INF/services} in
 * the class loader that has the function's jar; the first that knows the class wins, and a class
 * none knows is instantiated as Flink does.
 */
public interface CatalogFunctionWrapper {
  /** The function's definition if this wrapper knows {@code functionClass}, else empty. */
  Optional<FunctionDefinition> wrap(String name, Class<?> functionClass, ClassLoader loader);
}
