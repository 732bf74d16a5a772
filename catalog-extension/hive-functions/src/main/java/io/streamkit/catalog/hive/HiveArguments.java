package io.streamkit.catalog.hive;

import java.util.List;
import java.util.Optional;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.ArgumentCount;
import org.apache.flink.table.types.inference.CallContext;
import org.apache.flink.table.types.inference.ConstantArgumentCount;
import org.apache.flink.table.types.inference.InputTypeStrategy;
import org.apache.flink.table.types.inference.Signature;

/**
 * Arguments of a Hive function as Flink sees them: any number, each of a type Hive has. Which
 * counts and types the function really accepts is Hive's to say, at initialization (the output
 * strategy).
 */
final class HiveArguments implements InputTypeStrategy {
  private final String function;

  HiveArguments(String function) {
    this.function = function;
  }

  @Override
  public ArgumentCount getArgumentCount() {
    return ConstantArgumentCount.any();
  }

  @Override
  public Optional<List<DataType>> inferInputTypes(CallContext context, boolean throwOnFailure) {
    List<DataType> types = context.getArgumentDataTypes();
    for (int i = 0; i < types.size(); i++) {
      try {
        HiveTypes.toHive(types.get(i).getLogicalType(), function, i);
      } catch (ValidationException e) {
        if (throwOnFailure) {
          throw e;
        }
        return Optional.empty();
      }
    }
    return Optional.of(types);
  }

  @Override
  public List<Signature> getExpectedSignatures(FunctionDefinition definition) {
    return List.of(Signature.of(Signature.Argument.of("<Hive argument>...")));
  }
}
