package io.streamkit.catalog.hive;

import java.util.Optional;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.SpecializedFunction;
import org.apache.flink.table.functions.UserDefinedFunction;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.hadoop.hive.ql.metadata.HiveException;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDAFEvaluator;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;

/**
 * A Hive aggregate ({@code UDAF}, {@code GenericUDAFResolver2}) as a Flink aggregate function, the
 * way Hive runs one across a shuffle: rows go into the aggregation buffer of an evaluator in mode
 * {@code PARTIAL1}; buffers are merged through their partial results into an evaluator in mode
 * {@code FINAL}, which also gives the result. The buffer is the accumulator in Flink state
 * (Kryo-serialized: Hive's buffers are plain objects). Hive aggregates cannot retract: on an
 * updating input the planner refuses the query, for lack of a {@code retract} method.
 */
public final class HiveAggregateFunction
    extends AggregateFunction<Object, HiveAggregateFunction.Accumulator>
    implements SpecializedFunction {
  private static final long serialVersionUID = 1L;

  /** Flink's accumulator: Hive's aggregation buffer. */
  public static final class Accumulator {
    public GenericUDAFEvaluator.AggregationBuffer buffer;
  }

  private final HiveUdf udf;
  private final HiveCall call;
  private transient ClassLoader planningLoader;

  private transient GenericUDAFEvaluator partial;
  private transient GenericUDAFEvaluator complete;
  private transient ObjectInspector resultInspector;
  private transient DataType resultType;
  private transient HiveArgumentValues arguments;

  HiveAggregateFunction(HiveUdf udf, ClassLoader loader) {
    this(udf, (HiveCall) null);
    this.planningLoader = loader;
  }

  private HiveAggregateFunction(HiveUdf udf, HiveCall call) {
    this.udf = udf;
    this.call = call;
  }

  @Override
  public TypeInference getTypeInference(DataTypeFactory typeFactory) {
    return TypeInference.newBuilder()
        .inputTypeStrategy(new HiveArguments(udf.name()))
        .accumulatorTypeStrategy(
            context ->
                Optional.of(
                    DataTypes.RAW(
                        Accumulator.class,
                        new KryoSerializer<>(Accumulator.class, new SerializerConfigImpl()))))
        .outputTypeStrategy(
            context -> {
              ClassLoader loader = loader();
              ObjectInspector[] inspectors = HiveCall.of(context, null).inspectors(udf.name());
              return Optional.of(
                  HiveTypes.toFlink(
                      HiveUdf.withContextLoader(
                          loader,
                          () ->
                              init(
                                  udf.newEvaluator(loader, inspectors),
                                  GenericUDAFEvaluator.Mode.COMPLETE,
                                  inspectors))));
            })
        .build();
  }

  @Override
  public UserDefinedFunction specialize(SpecializedContext context) {
    HiveAggregateFunction specialized = new HiveAggregateFunction(udf, HiveCall.of(context));
    specialized.planningLoader = planningLoader;
    return specialized;
  }

  private ObjectInspector init(
      GenericUDAFEvaluator evaluator, GenericUDAFEvaluator.Mode mode, ObjectInspector[] inputs) {
    try {
      return evaluator.init(mode, inputs);
    } catch (HiveException e) {
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
    ObjectInspector[] inspectors = call.inspectors(udf.name());
    HiveUdf.withContextLoader(
        loader,
        () -> {
          partial = udf.newEvaluator(loader, inspectors);
          ObjectInspector partialInspector =
              init(partial, GenericUDAFEvaluator.Mode.PARTIAL1, inspectors);
          complete = udf.newEvaluator(loader, inspectors);
          resultInspector =
              init(
                  complete,
                  GenericUDAFEvaluator.Mode.FINAL,
                  new ObjectInspector[] {partialInspector});
          return null;
        });
    resultType = HiveTypes.toFlink(resultInspector);
    arguments = new HiveArgumentValues(call, inspectors, udf.name());
  }

  @Override
  public Accumulator createAccumulator() {
    Accumulator acc = new Accumulator();
    try {
      acc.buffer = partial.getNewAggregationBuffer();
    } catch (HiveException e) {
      throw new IllegalStateException(e);
    }
    return acc;
  }

  public void accumulate(Accumulator acc, Object... args) throws HiveException {
    partial.iterate(acc.buffer, arguments.of(args));
  }

  public void merge(Accumulator acc, Iterable<Accumulator> others) throws HiveException {
    for (Accumulator other : others) {
      complete.merge(acc.buffer, partial.terminatePartial(other.buffer));
    }
  }

  @Override
  public Object getValue(Accumulator acc) {
    try {
      // FINAL's terminate reads the buffer; PARTIAL1's terminatePartial hands it over first.
      GenericUDAFEvaluator.AggregationBuffer result = complete.getNewAggregationBuffer();
      complete.merge(result, partial.terminatePartial(acc.buffer));
      return HiveTypes.toFlinkValue(complete.terminate(result), resultInspector, resultType);
    } catch (HiveException e) {
      throw new IllegalStateException("Hive function " + udf.name() + " failed: " + e, e);
    }
  }

  @Override
  public void close() throws Exception {
    if (partial != null) {
      partial.close();
      complete.close();
    }
  }

  @Override
  public String toString() {
    return "hive:" + udf.name();
  }
}
