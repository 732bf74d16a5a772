package io.streamkit.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** The few facts of a pom.xml the module coverage check needs. */
final class Poms {

  /** A project's own artifactId, packaging and {@code <modules>} (not those of profiles). */
  record Pom(Path file, String artifactId, String packaging, List<String> modules) {}

  private Poms() {}

  static Pom read(Path file) {
    Element project;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      project = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
    } catch (IOException | SAXException | ParserConfigurationException e) {
      throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    List<String> modules = new ArrayList<>();
    Element modulesElement = child(project, "modules");
    if (modulesElement != null) {
      for (Node n = modulesElement.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && e.getTagName().equals("module")) {
          modules.add(e.getTextContent().trim());
        }
      }
    }
    Element packaging = child(project, "packaging");
    return new Pom(
        file,
        child(project, "artifactId").getTextContent().trim(),
        packaging == null ? "jar" : packaging.getTextContent().trim(),
        modules);
  }

  /**
   * Every jar module reachable from the root pom's {@code <modules>} that has main code, as
   * artifactIds, in reactor declaration order.
   */
  static List<Pom> jarModulesWithMainCode(Path rootDir) {
    List<Pom> result = new ArrayList<>();
    collect(rootDir, result);
    return result;
  }

  private static void collect(Path dir, List<Pom> result) {
    Pom pom = read(dir.resolve("pom.xml"));
    if (pom.packaging().equals("jar") && Files.isDirectory(dir.resolve("src/main/java"))) {
      result.add(pom);
    }
    for (String module : pom.modules()) {
      collect(dir.resolve(module).normalize(), result);
    }
  }

  private static Element child(Element parent, String tag) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return e;
      }
    }
    return null;
  }
}
