package io.streamkit.catalog.hive;

import java.util.Optional;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.table.functions.SpecializedFunction;
import org.apache.flink.table.functions.UserDefinedFunction;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.hadoop.hive.ql.exec.FunctionRegistry;
import org.apache.hadoop.hive.ql.exec.UDFArgumentException;
import org.apache.hadoop.hive.ql.metadata.HiveException;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDF;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;

/**
 * A Hive {@code UDF} or {@code GenericUDF} as a Flink scalar function. The planner asks Hive for
 * the result type by initializing the function with the call's argument types and literals; each
 * call site is then specialized with those, and the task initializes its own instance the same way.
 */
public final class HiveScalarFunction extends ScalarFunction implements SpecializedFunction {
  private static final long serialVersionUID = 1L;

  private final HiveUdf udf;
  private final HiveCall call; // null until specialized for a call site
  private final boolean deterministic;
  private transient ClassLoader planningLoader;

  private transient GenericUDF hive;
  private transient ObjectInspector resultInspector;
  private transient DataType resultType;
  private transient HiveArgumentValues arguments;
  private transient Deferred[] deferred;

  HiveScalarFunction(HiveUdf udf, ClassLoader loader) {
    this(udf, null, isDeterministic(udf, loader));
    this.planningLoader = loader;
  }

  private HiveScalarFunction(HiveUdf udf, HiveCall call, boolean deterministic) {
    this.udf = udf;
    this.call = call;
    this.deterministic = deterministic;
  }

  private static boolean isDeterministic(HiveUdf udf, ClassLoader loader) {
    GenericUDF instance = udf.newGenericUDF(loader);
    return HiveUdf.withContextLoader(loader, () -> FunctionRegistry.isDeterministic(instance));
  }

  @Override
  public TypeInference getTypeInference(DataTypeFactory typeFactory) {
    return TypeInference.newBuilder()
        .inputTypeStrategy(new HiveArguments(udf.name()))
        .outputTypeStrategy(
            context ->
                Optional.of(HiveTypes.toFlink(initialize(HiveCall.of(context, null), loader()))))
        .build();
  }

  @Override
  public UserDefinedFunction specialize(SpecializedContext context) {
    HiveScalarFunction specialized =
        new HiveScalarFunction(udf, HiveCall.of(context), deterministic);
    specialized.planningLoader = planningLoader;
    return specialized;
  }

  private ObjectInspector initialize(HiveCall at, ClassLoader loader) {
    GenericUDF fresh = udf.newGenericUDF(loader);
    ObjectInspector[] inspectors = at.inspectors(udf.name());
    // Hive's UDF bridge loads the user's class through the context class loader.
    return HiveUdf.withContextLoader(loader, () -> initializeOrFail(fresh, inspectors));
  }

  private ObjectInspector initializeOrFail(GenericUDF target, ObjectInspector[] inspectors) {
    try {
      return target.initialize(inspectors);
    } catch (UDFArgumentException e) {
      throw new ValidationException("Hive function " + udf.name() + ": " + e.getMessage(), e);
    }
  }

  private ClassLoader loader() {
    return planningLoader != null ? planningLoader : Thread.currentThread().getContextClassLoader();
  }

  @Override
  public void open(FunctionContext context) throws Exception {
    if (call == null) {
      throw new IllegalStateException("Hive function " + udf.name() + " was not specialized");
    }
    ClassLoader loader = context.getUserCodeClassLoader();
    hive = udf.newGenericUDF(loader);
    ObjectInspector[] inspectors = call.inspectors(udf.name());
    resultInspector = HiveUdf.withContextLoader(loader, () -> initializeOrFail(hive, inspectors));
    resultType = HiveTypes.toFlink(resultInspector);
    arguments = new HiveArgumentValues(call, inspectors, udf.name());
    deferred = new Deferred[inspectors.length];
    for (int i = 0; i < deferred.length; i++) {
      deferred[i] = new Deferred();
    }
  }

  public Object eval(Object... args) throws HiveException {
    Object[] values = arguments.of(args);
    for (int i = 0; i < deferred.length; i++) {
      deferred[i].value = values[i];
    }
    return HiveTypes.toFlinkValue(hive.evaluate(deferred), resultInspector, resultType);
  }

  @Override
  public void close() throws Exception {
    if (hive != null) {
      hive.close();
    }
  }

  @Override
  public boolean isDeterministic() {
    return deterministic;
  }

  @Override
  public String toString() {
    return "hive:" + udf.name();
  }

  /** An argument value handed to Hive, reused from row to row. */
  static final class Deferred implements GenericUDF.DeferredObject {
    Object value;

    @Override
    public void prepare(int version) {}

    @Override
    public Object get() {
      return value;
    }
  }
}
