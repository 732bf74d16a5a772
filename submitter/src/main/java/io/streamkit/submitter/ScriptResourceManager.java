package io.streamkit.submitter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.resource.ResourceManager;
import org.apache.flink.table.resource.ResourceType;
import org.apache.flink.table.resource.ResourceUri;

/**
 * The jars and files of a script's session; unlike Flink's own it can forget a jar, for {@code
 * REMOVE JAR} (the SQL client's embedded mode has the same for it).
 */
final class ScriptResourceManager extends ResourceManager {
  private final JarClassLoader classLoader;

  ScriptResourceManager(Configuration conf, JarClassLoader classLoader) {
    super(conf, classLoader);
    this.classLoader = classLoader;
  }

  /**
   * Forgets the jar {@code ADD JAR} registered under {@code jarPath}: later jobs do not ship it and
   * classes not loaded yet are not loaded from it. A path never added changes nothing.
   */
  void removeJar(String jarPath) {
    Path path = new Path(jarPath);
    try {
      checkPath(path, ResourceType.JAR);
      URL url =
          resourceInfos.remove(new ResourceUri(ResourceType.JAR, getURLFromPath(path).getPath()));
      if (url != null) {
        classLoader.remove(url);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to unregister the jar resource [" + jarPath + "]", e);
    }
  }
}
