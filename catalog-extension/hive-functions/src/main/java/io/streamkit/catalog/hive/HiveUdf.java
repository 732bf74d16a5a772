package io.streamkit.catalog.hive;

import java.io.Serializable;
import org.apache.flink.table.api.ValidationException;
import org.apache.hadoop.hive.ql.exec.FunctionInfo;
import org.apache.hadoop.hive.ql.exec.UDAF;
import org.apache.hadoop.hive.ql.exec.UDF;
import org.apache.hadoop.hive.ql.parse.SemanticException;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDAFBridge;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDAFEvaluator;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDAFResolver;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDAFResolver2;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDF;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFBridge;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDTF;
import org.apache.hadoop.hive.ql.udf.generic.SimpleGenericUDAFParameterInfo;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfoUtils;

/**
 * Which Hive function a wrapper runs, as plain values (it travels with the job): the class of a
 * {@code GenericUDF}, {@code GenericUDTF} or aggregate resolver, or of a classic {@code UDF} or
 * {@code UDAF} that Hive's own bridges adapt. Instances are created where they run, from the class
 * loader that has the user's jar.
 */
record HiveUdf(String name, Kind kind, String className) implements Serializable {
  enum Kind {
    /** A classic {@code UDF} (evaluate methods), through {@code GenericUDFBridge}. */
    SIMPLE,
    GENERIC,
    TABLE,
    /** A classic {@code UDAF}, through {@code GenericUDAFBridge}. */
    SIMPLE_AGGREGATE,
    /** A {@code GenericUDAFResolver2} (or the older {@code GenericUDAFResolver}). */
    AGGREGATE
  }

  /** The kind of a user's class; a class that is no Hive function is refused. */
  static HiveUdf of(String name, Class<?> c) {
    if (UDF.class.isAssignableFrom(c)) {
      return new HiveUdf(name, Kind.SIMPLE, c.getName());
    }
    if (GenericUDF.class.isAssignableFrom(c)) {
      return new HiveUdf(name, Kind.GENERIC, c.getName());
    }
    if (GenericUDTF.class.isAssignableFrom(c)) {
      return new HiveUdf(name, Kind.TABLE, c.getName());
    }
    if (UDAF.class.isAssignableFrom(c)) {
      return new HiveUdf(name, Kind.SIMPLE_AGGREGATE, c.getName());
    }
    if (GenericUDAFResolver.class.isAssignableFrom(c)) {
      return new HiveUdf(name, Kind.AGGREGATE, c.getName());
    }
    throw new IllegalArgumentException(c.getName() + " is not a Hive function");
  }

  /** A Hive built-in, from its registry entry; null for kinds not wrapped (aggregates, windows). */
  static HiveUdf of(String name, FunctionInfo info) {
    if (info.isGenericUDF()) {
      GenericUDF udf = info.getGenericUDF();
      return udf instanceof GenericUDFBridge bridge
          ? new HiveUdf(name, Kind.SIMPLE, bridge.getUdfClassName())
          : new HiveUdf(name, Kind.GENERIC, udf.getClass().getName());
    }
    if (info.isGenericUDTF()) {
      return new HiveUdf(name, Kind.TABLE, info.getGenericUDTF().getClass().getName());
    }
    if (info.isGenericUDAF() && !info.isInternalTableFunction()) {
      GenericUDAFResolver resolver = info.getGenericUDAFResolver();
      return resolver instanceof GenericUDAFBridge bridge
          ? new HiveUdf(name, Kind.SIMPLE_AGGREGATE, bridge.getUDAFClass().getName())
          : new HiveUdf(name, Kind.AGGREGATE, resolver.getClass().getName());
    }
    return null;
  }

  static boolean isHiveFunction(Class<?> c) {
    return UDF.class.isAssignableFrom(c)
        || GenericUDF.class.isAssignableFrom(c)
        || GenericUDTF.class.isAssignableFrom(c)
        || UDAF.class.isAssignableFrom(c)
        || GenericUDAFResolver.class.isAssignableFrom(c);
  }

  GenericUDF newGenericUDF(ClassLoader loader) {
    if (kind == Kind.SIMPLE) {
      // GenericUDFBridge loads the UDF class through the context class loader.
      return withContextLoader(loader, () -> new GenericUDFBridge(name, false, className));
    }
    return (GenericUDF) instantiate(loader);
  }

  GenericUDTF newGenericUDTF(ClassLoader loader) {
    return (GenericUDTF) instantiate(loader);
  }

  /** The aggregate's evaluator for arguments seen through {@code inspectors}. */
  GenericUDAFEvaluator newEvaluator(ClassLoader loader, ObjectInspector[] inspectors) {
    try {
      if (kind == Kind.SIMPLE_AGGREGATE) {
        return new GenericUDAFBridge((UDAF) instantiate(loader))
            .getEvaluator(new SimpleGenericUDAFParameterInfo(inspectors, false, false, false));
      }
      Object resolver = instantiate(loader);
      if (resolver instanceof GenericUDAFResolver2 r2) {
        return r2.getEvaluator(new SimpleGenericUDAFParameterInfo(inspectors, false, false, false));
      }
      TypeInfo[] types = new TypeInfo[inspectors.length];
      for (int i = 0; i < types.length; i++) {
        types[i] = TypeInfoUtils.getTypeInfoFromObjectInspector(inspectors[i]);
      }
      return ((GenericUDAFResolver) resolver).getEvaluator(types);
    } catch (SemanticException e) {
      throw new ValidationException("Hive function " + name + ": " + e.getMessage(), e);
    }
  }

  private Object instantiate(ClassLoader loader) {
    try {
      return Class.forName(className, true, loader).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new ValidationException(
          "Cannot instantiate Hive function " + name + " (" + className + "): " + e, e);
    }
  }

  static <T> T withContextLoader(ClassLoader loader, java.util.function.Supplier<T> work) {
    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    t.setContextClassLoader(loader);
    try {
      return work.get();
    } finally {
      t.setContextClassLoader(previous);
    }
  }
}
