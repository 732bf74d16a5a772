package io.streamkit.catalog.hive;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.functions.SpecializedFunction;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.CallContext;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfo;

/**
 * One call site of a Hive function: its argument types, which of them are literals and their values
 * (Hive functions such as {@code named_struct} or a constant format need them at initialization),
 * and the session time zone. Taken at planning, kept with the job.
 */
record HiveCall(LogicalType[] argumentTypes, Object[] constants, String timeZone)
    implements Serializable {
  private static final ConfigOption<String> LOCAL_TIME_ZONE =
      ConfigOptions.key("table.local-time-zone").stringType().defaultValue("default");

  /**
   * The call site a specialization is for, with the session's time zone where the planner tells.
   */
  static HiveCall of(SpecializedFunction.SpecializedContext context) {
    ReadableConfig config;
    try {
      config = context.getConfiguration();
    } catch (RuntimeException e) {
      // "Access to configuration is currently not supported for all kinds of calls" (aggregates)
      config = null;
    }
    return of(context.getCallContext(), config);
  }

  static HiveCall of(CallContext context, ReadableConfig config) {
    List<DataType> types = context.getArgumentDataTypes();
    LogicalType[] logical = new LogicalType[types.size()];
    Object[] constants = new Object[types.size()];
    for (int i = 0; i < types.size(); i++) {
      logical[i] = types.get(i).getLogicalType();
      if (isLiteral(context, i)) {
        constants[i] = context.getArgumentValue(i, types.get(i).getConversionClass()).orElse(null);
      }
    }
    return new HiveCall(logical, constants, timeZone(config));
  }

  /**
   * Whether argument {@code i} is a non-null literal; false where the planner cannot tell (it
   * throws for some aggregate calls), so Hive sees a plain argument there.
   */
  private static boolean isLiteral(CallContext context, int i) {
    try {
      return context.isArgumentLiteral(i) && !context.isArgumentNull(i);
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  /** The session time zone; the JVM's where the planner does not say (aggregates). */
  private static String timeZone(ReadableConfig config) {
    return config == null ? "default" : config.get(LOCAL_TIME_ZONE);
  }

  ZoneId zone() {
    return "default".equals(timeZone) ? ZoneId.systemDefault() : ZoneId.of(timeZone);
  }

  TypeInfo[] hiveTypes(String function) {
    TypeInfo[] infos = new TypeInfo[argumentTypes.length];
    for (int i = 0; i < infos.length; i++) {
      infos[i] = HiveTypes.toHive(argumentTypes[i], function, i);
    }
    return infos;
  }

  ObjectInspector[] inspectors(String function) {
    TypeInfo[] infos = hiveTypes(function);
    ObjectInspector[] ois = new ObjectInspector[infos.length];
    for (int i = 0; i < infos.length; i++) {
      ois[i] = HiveTypes.inspector(infos[i], constants[i] != null, constants[i], zone());
    }
    return ois;
  }
}
