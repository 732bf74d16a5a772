package io.streamkit.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDF;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorUtils;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorFactory;

/**
 * A user's jar of Hive functions, compiled in the test against hive-exec: a classic {@code UDF}
 * ({@code udf.Reverse}), a {@code GenericUDF} turning "k1:v1,k2:v2" into a map like the seed's
 * {@code csvMapFormatFunc} ({@code udf.CsvMap}), and a {@code GenericUDTF} giving one row per
 * comma-separated item with its position ({@code udf.SplitRows}), and a {@code
 * GenericUDAFResolver2} keeping the longest string of a group ({@code udf.Longest}).
 */
final class UserFunctionsJar {
  private UserFunctionsJar() {}

  private static final Map<String, String> SOURCES =
      Map.of(
          "Reverse",
          """
          package udf;
          public class Reverse extends org.apache.hadoop.hive.ql.exec.UDF {
            public String evaluate(String s) {
              return s == null ? null : new StringBuilder(s).reverse().toString();
            }
          }
          """,
          "CsvMap",
          """
          package udf;
          import java.util.*;
          import org.apache.hadoop.hive.ql.exec.UDFArgumentException;
          import org.apache.hadoop.hive.ql.metadata.HiveException;
          import org.apache.hadoop.hive.ql.udf.generic.GenericUDF;
          import org.apache.hadoop.hive.serde2.objectinspector.*;
          import org.apache.hadoop.hive.serde2.objectinspector.primitive.*;
          public class CsvMap extends GenericUDF {
            private StringObjectInspector in;
            @Override public ObjectInspector initialize(ObjectInspector[] args)
                throws UDFArgumentException {
              if (args.length != 1 || !(args[0] instanceof StringObjectInspector)) {
                throw new UDFArgumentException("csv_map takes one string");
              }
              in = (StringObjectInspector) args[0];
              return ObjectInspectorFactory.getStandardMapObjectInspector(
                  PrimitiveObjectInspectorFactory.javaStringObjectInspector,
                  PrimitiveObjectInspectorFactory.javaStringObjectInspector);
            }
            @Override public Object evaluate(DeferredObject[] args) throws HiveException {
              String s = in.getPrimitiveJavaObject(args[0].get());
              if (s == null) return null;
              Map<String, String> out = new LinkedHashMap<>();
              for (String pair : s.split(",")) {
                String[] kv = pair.split(":", 2);
                out.put(kv[0], kv.length > 1 ? kv[1] : null);
              }
              return out;
            }
            @Override public String getDisplayString(String[] children) {
              return "csv_map(" + String.join(", ", children) + ")";
            }
          }
          """,
          "Longest",
          """
          package udf;
          import org.apache.hadoop.hive.ql.metadata.HiveException;
          import org.apache.hadoop.hive.ql.parse.SemanticException;
          import org.apache.hadoop.hive.ql.udf.generic.*;
          import org.apache.hadoop.hive.serde2.objectinspector.*;
          import org.apache.hadoop.hive.serde2.objectinspector.primitive.*;
          import org.apache.hadoop.hive.serde2.typeinfo.TypeInfo;
          public class Longest extends AbstractGenericUDAFResolver {
            @Override public GenericUDAFEvaluator getEvaluator(TypeInfo[] params)
                throws SemanticException {
              return new Eval();
            }
            public static class Eval extends GenericUDAFEvaluator {
              private PrimitiveObjectInspector in;
              static class Buf extends AbstractAggregationBuffer { String best; }
              @Override public ObjectInspector init(Mode m, ObjectInspector[] params)
                  throws HiveException {
                super.init(m, params);
                in = (PrimitiveObjectInspector) params[0];
                return PrimitiveObjectInspectorFactory.javaStringObjectInspector;
              }
              @Override public AggregationBuffer getNewAggregationBuffer() { return new Buf(); }
              @Override public void reset(AggregationBuffer b) { ((Buf) b).best = null; }
              @Override public void iterate(AggregationBuffer b, Object[] p) { offer((Buf) b, p[0]); }
              @Override public Object terminatePartial(AggregationBuffer b) { return ((Buf) b).best; }
              @Override public void merge(AggregationBuffer b, Object partial) { offer((Buf) b, partial); }
              @Override public Object terminate(AggregationBuffer b) { return ((Buf) b).best; }
              private void offer(Buf b, Object o) {
                if (o == null) return;
                String s = PrimitiveObjectInspectorUtils.getString(o, in);
                if (b.best == null || s.length() > b.best.length()) b.best = s;
              }
            }
          }
          """,
          "SplitRows",
          """
          package udf;
          import java.util.*;
          import org.apache.hadoop.hive.ql.exec.UDFArgumentException;
          import org.apache.hadoop.hive.ql.metadata.HiveException;
          import org.apache.hadoop.hive.ql.udf.generic.GenericUDTF;
          import org.apache.hadoop.hive.serde2.objectinspector.*;
          import org.apache.hadoop.hive.serde2.objectinspector.primitive.*;
          public class SplitRows extends GenericUDTF {
            private StringObjectInspector in;
            @Override public StructObjectInspector initialize(StructObjectInspector args)
                throws UDFArgumentException {
              in = (StringObjectInspector) args.getAllStructFieldRefs().get(0).getFieldObjectInspector();
              return ObjectInspectorFactory.getStandardStructObjectInspector(
                  List.of("item", "pos"),
                  List.of(PrimitiveObjectInspectorFactory.javaStringObjectInspector,
                      PrimitiveObjectInspectorFactory.javaIntObjectInspector));
            }
            @Override public void process(Object[] args) throws HiveException {
              String s = in.getPrimitiveJavaObject(args[0]);
              String[] items = s.split(",");
              for (int i = 0; i < items.length; i++) {
                forward(new Object[] {items[i], i});
              }
            }
            @Override public void close() {}
          }
          """);

  static Path build(Path dir) throws Exception {
    Path src = Files.createDirectories(dir.resolve("udf-src/udf"));
    Path classes = Files.createDirectories(dir.resolve("udf-classes"));
    String[] args = new String[4 + SOURCES.size()];
    args[0] = "-cp";
    args[1] = System.getProperty("java.class.path");
    args[2] = "-d";
    args[3] = classes.toString();
    int i = 4;
    for (Map.Entry<String, String> e : SOURCES.entrySet()) {
      Path file = src.resolve(e.getKey() + ".java");
      Files.writeString(file, e.getValue());
      args[i++] = file.toString();
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac.run(null, null, null, args)).isZero();
    Path jar = dir.resolve("hive-udfs.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        var files = Files.list(classes.resolve("udf"))) {
      for (Path c : files.toList()) {
        out.putNextEntry(new JarEntry("udf/" + c.getFileName()));
        out.write(Files.readAllBytes(c));
        out.closeEntry();
      }
    }
    return jar;
  }

  /** Hive's own evaluation of {@code udf.CsvMap} from the jar. */
  static Map<?, ?> evaluateCsvMap(Path jar, String input) throws Exception {
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {jar.toUri().toURL()}, UserFunctionsJar.class.getClassLoader())) {
      GenericUDF udf =
          (GenericUDF) loader.loadClass("udf.CsvMap").getDeclaredConstructor().newInstance();
      ObjectInspector out =
          udf.initialize(
              new ObjectInspector[] {PrimitiveObjectInspectorFactory.javaStringObjectInspector});
      return (Map<?, ?>)
          ObjectInspectorUtils.copyToStandardJavaObject(
              udf.evaluate(
                  new GenericUDF.DeferredObject[] {new GenericUDF.DeferredJavaObject(input)}),
              out);
    }
  }

  static List<String> classNames() {
    return List.of("udf.Reverse", "udf.CsvMap", "udf.SplitRows", "udf.Longest");
  }
}
