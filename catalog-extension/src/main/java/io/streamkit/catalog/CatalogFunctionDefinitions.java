package io.streamkit.catalog;

import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.FunctionLanguage;
import org.apache.flink.table.factories.FunctionDefinitionFactory;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.functions.UserDefinedFunctionHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog's function factory ({@code Catalog#getFunctionDefinitionFactory}): a function whose
 * class a {@link CatalogFunctionWrapper} knows (a Hive UDF) becomes that wrapper's definition;
 * every other one is instantiated as Flink would without the factory.
 */
final class CatalogFunctionDefinitions implements FunctionDefinitionFactory {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogFunctionDefinitions.class);

  @Override
  public FunctionDefinition createFunctionDefinition(
      String name, CatalogFunction function, Context context) {
    ClassLoader loader = context.getClassLoader();
    if (function.getFunctionLanguage() != FunctionLanguage.PYTHON) {
      Optional<FunctionDefinition> wrapped = wrapped(name, function.getClassName(), loader);
      if (wrapped.isPresent()) {
        return wrapped.get();
      }
    }
    return UserDefinedFunctionHelper.instantiateFunction(
        loader, new Configuration(), name, function);
  }

  private static Optional<FunctionDefinition> wrapped(
      String name, String className, ClassLoader loader) {
    Class<?> c;
    try {
      c = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty(); // Flink's own instantiation reports it
    }
    if (org.apache.flink.table.functions.UserDefinedFunction.class.isAssignableFrom(c)) {
      return Optional.empty();
    }
    try {
      for (CatalogFunctionWrapper wrapper :
          ServiceLoader.load(CatalogFunctionWrapper.class, loader)) {
        Optional<FunctionDefinition> definition = wrapper.wrap(name, c, loader);
        if (definition.isPresent()) {
          return definition;
        }
      }
    } catch (ServiceConfigurationError | LinkageError e) {
      // A wrapper whose own dependencies are missing (hive-functions without hive-exec in lib/).
      LOG.warn("A catalog function wrapper could not be loaded: {}", e.toString());
    }
    return Optional.empty();
  }
}
