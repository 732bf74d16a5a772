package io.streamkit.catalog.hive;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
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

  static HiveCall of(CallContext context, ReadableConfig config) {
    List<DataType> types = context.getArgumentDataTypes();
    LogicalType[] logical = new LogicalType[types.size()];
    Object[] constants = new Object[types.size()];
    for (int i = 0; i < types.size(); i++) {
      logical[i] = types.get(i).getLogicalType();
      if (context.isArgumentLiteral(i) && !context.isArgumentNull(i)) {
        constants[i] = context.getArgumentValue(i, types.get(i).getConversionClass()).orElse(null);
      }
    }
    String zone = config == null ? "default" : config.get(LOCAL_TIME_ZONE);
    return new HiveCall(logical, constants, zone);
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
