package io.streamkit.submitter;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.util.FlinkUserCodeClassLoader;
import org.apache.flink.util.FlinkUserCodeClassLoaders;

/**
 * The class loader of a script's jars ({@code ADD JAR}) that can also drop one ({@code REMOVE
 * JAR}), as the SQL client's embedded mode does: the jars left are loaded by a new inner loader
 * from then on. Classes already loaded from the removed jar stay usable by whoever holds them. The
 * replaced loaders are closed with this one.
 */
final class JarClassLoader extends FlinkUserCodeClassLoaders.SafetyNetWrapperClassLoader {
  static {
    ClassLoader.registerAsParallelCapable();
  }

  private final Configuration conf;
  private final List<FlinkUserCodeClassLoader> replaced = new ArrayList<>();

  private JarClassLoader(FlinkUserCodeClassLoader inner, ClassLoader parent, Configuration conf) {
    super(inner, parent);
    this.conf = conf;
  }

  /** A loader without jars yet, with Flink's class-loading order and patterns from {@code conf}. */
  static JarClassLoader create(ClassLoader parent, Configuration conf) {
    Configuration own = new Configuration(conf);
    own.set(CoreOptions.CHECK_LEAKED_CLASSLOADER, false); // this class is the wrapper
    return new JarClassLoader(inner(new URL[0], parent, own), parent, own);
  }

  private static FlinkUserCodeClassLoader inner(URL[] urls, ClassLoader parent, Configuration c) {
    return (FlinkUserCodeClassLoader) FlinkUserCodeClassLoaders.create(urls, parent, c);
  }

  /** Loads from the jars but {@code url} from now on. */
  synchronized void remove(URL url) {
    List<URL> urls = new ArrayList<>(Arrays.asList(inner.getURLs()));
    if (urls.remove(url)) {
      replaced.add(inner);
      inner = inner(urls.toArray(URL[]::new), getParent(), conf);
    }
  }

  @Override
  public void close() {
    super.close();
    for (FlinkUserCodeClassLoader old : replaced) {
      try {
        old.close();
      } catch (IOException e) {
        // closing is best effort, as for the current loader
      }
    }
    replaced.clear();
  }
}
