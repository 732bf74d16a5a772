package io.streamkit.catalog.hive;

import java.io.Serializable;
import org.apache.flink.table.api.ValidationException;
import org.apache.hadoop.hive.ql.exec.FunctionInfo;
import org.apache.hadoop.hive.ql.exec.UDAF;
import org.apache.hadoop.hive.ql.exec.UDF;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDAFResolver;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDF;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFBridge;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDTF;

/**
 * Which Hive function a wrapper runs, as plain values (it travels with the job): the class of a
 * {@code GenericUDF} or {@code GenericUDTF}, or of a classic {@code UDF} that Hive's own {@code
 * GenericUDFBridge} adapts. Instances are created where they run, from the class loader that has
 * the user's jar.
 */
record HiveUdf(String name, Kind kind, String className) implements Serializable {
  enum Kind {
    /** A classic {@code UDF} (evaluate methods), through {@code GenericUDFBridge}. */
    SIMPLE,
    GENERIC,
    TABLE
  }

  /** The kind of a user's class; a class that is no Hive function, or an aggregate, is refused. */
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
    if (UDAF.class.isAssignableFrom(c) || GenericUDAFResolver.class.isAssignableFrom(c)) {
      throw new ValidationException(
          "Function "
              + name
              + " is a Hive aggregate function ("
              + c.getName()
              + "); streamkit runs Hive's UDF, GenericUDF and GenericUDTF, not yet UDAF or"
              + " GenericUDAFResolver2. Write it as a Flink AggregateFunction.");
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
