package io.streamkit.catalog.hive;

import java.time.ZoneId;
import org.apache.hadoop.hive.serde2.objectinspector.ConstantObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfo;

/**
 * The argument values a task hands a Hive function, reused from row to row: each Flink value as its
 * standard Java object, a literal as its constant inspector's value (the form that inspector
 * reads). One per wrapper instance, made in {@code open}.
 */
final class HiveArgumentValues {
  private final TypeInfo[] types;
  private final ZoneId zone;
  private final Object[] values;
  private final boolean[] constant;

  HiveArgumentValues(HiveCall call, ObjectInspector[] inspectors, String function) {
    this.types = call.hiveTypes(function);
    this.zone = call.zone();
    this.values = new Object[types.length];
    this.constant = new boolean[types.length];
    for (int i = 0; i < values.length; i++) {
      if (inspectors[i] instanceof ConstantObjectInspector c) {
        values[i] = c.getWritableConstantValue();
        constant[i] = true;
      }
    }
  }

  /** The call's arguments as Hive reads them; the array is reused. */
  Object[] of(Object[] args) {
    for (int i = 0; i < values.length; i++) {
      if (!constant[i]) {
        values[i] = HiveTypes.toHiveValue(args[i], types[i], zone);
      }
    }
    return values;
  }
}
