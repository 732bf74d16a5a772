package io.streamkit.catalog.hive;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.SpecializedFunction;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.table.functions.UserDefinedFunction;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.types.Row;
import org.apache.hadoop.hive.ql.exec.UDFArgumentException;
import org.apache.hadoop.hive.ql.metadata.HiveException;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDTF;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorFactory;
import org.apache.hadoop.hive.serde2.objectinspector.StructObjectInspector;

/**
 * A Hive {@code GenericUDTF} as a Flink table function ({@code LATERAL TABLE(f(...))}): each row
 * Hive forwards is a row of the function's output, whose columns are Hive's output struct's.
 */
public final class HiveTableFunction extends TableFunction<Row> implements SpecializedFunction {
  private static final long serialVersionUID = 1L;

  private final HiveUdf udf;
  private final HiveCall call;
  private transient ClassLoader planningLoader;

  private transient GenericUDTF hive;
  private transient StructObjectInspector resultInspector;
  private transient DataType resultType;
  private transient HiveArgumentValues arguments;

  HiveTableFunction(HiveUdf udf, ClassLoader loader) {
    this(udf, (HiveCall) null);
    this.planningLoader = loader;
  }

  private HiveTableFunction(HiveUdf udf, HiveCall call) {
    this.udf = udf;
    this.call = call;
  }

  @Override
  public TypeInference getTypeInference(DataTypeFactory typeFactory) {
    return TypeInference.newBuilder()
        .inputTypeStrategy(new HiveArguments(udf.name()))
        .outputTypeStrategy(
            context ->
                Optional.of(
                    HiveTypes.toFlink(
                        initialize(udf.newGenericUDTF(loader()), HiveCall.of(context, null)))))
        .build();
  }

  @Override
  public UserDefinedFunction specialize(SpecializedContext context) {
    HiveTableFunction specialized = new HiveTableFunction(udf, HiveCall.of(context));
    specialized.planningLoader = planningLoader;
    return specialized;
  }

  private StructObjectInspector initialize(GenericUDTF target, HiveCall at) {
    return initialize(target, at.inspectors(udf.name()));
  }

  private StructObjectInspector initialize(GenericUDTF target, ObjectInspector[] inspectors) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < inspectors.length; i++) {
      names.add("_col" + i);
    }
    try {
      return target.initialize(
          ObjectInspectorFactory.getStandardStructObjectInspector(names, List.of(inspectors)));
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
    hive = udf.newGenericUDTF(context.getUserCodeClassLoader());
    ObjectInspector[] inspectors = call.inspectors(udf.name());
    resultInspector = initialize(hive, inspectors);
    resultType = HiveTypes.toFlink(resultInspector);
    arguments = new HiveArgumentValues(call, inspectors, udf.name());
    hive.setCollector(
        row -> collect((Row) HiveTypes.toFlinkValue(row, resultInspector, resultType)));
  }

  public void eval(Object... args) throws HiveException {
    hive.process(arguments.of(args));
  }

  @Override
  public void close() throws Exception {
    if (hive != null) {
      hive.close();
    }
  }

  @Override
  public String toString() {
    return "hive:" + udf.name();
  }
}
