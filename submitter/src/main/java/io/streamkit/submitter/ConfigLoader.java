package io.streamkit.submitter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.flink.configuration.Configuration;

/**
 * Reads {@code conf/streamkit.yaml} (nested or flat YAML, like Flink's {@code config.yaml}) and
 * applies {@code -D key=value} overrides on top.
 */
final class ConfigLoader {
  private ConfigLoader() {}

  /** The configuration file used when {@code --conf} is not given, if it exists. */
  static Path defaultConfigFile() {
    String confDir = System.getenv("STREAMKIT_CONF_DIR");
    if (confDir != null) {
      return Path.of(confDir, "streamkit.yaml");
    }
    String home = System.getProperty("streamkit.home");
    return home == null
        ? Path.of("conf", "streamkit.yaml")
        : Path.of(home, "conf", "streamkit.yaml");
  }

  static Configuration load(Path file, boolean required, Map<String, String> overrides) {
    Configuration conf = new Configuration();
    if (file != null && Files.exists(file)) {
      try {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        if (root != null
            && !root.isNull()
            && !root.isMissingNode()) { // empty or only comments: no keys
          if (!root.isObject()) {
            throw new UsageException(file + " must be a YAML map of keys to values.");
          }
          flatten("", root, conf);
        }
      } catch (IOException e) {
        throw new UsageException("Cannot read configuration file " + file + ": " + e.getMessage());
      }
    } else if (required) {
      throw new UsageException("Configuration file " + file + " does not exist.");
    }
    overrides.forEach(conf::setString);
    return conf;
  }

  private static void flatten(String prefix, JsonNode node, Configuration conf) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        flatten(
            prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(),
            field.getValue(),
            conf);
      }
    } else if (node.isArray()) {
      StringJoiner joined = new StringJoiner(";");
      node.forEach(element -> joined.add(element.asText()));
      conf.setString(prefix, joined.toString());
    } else if (!node.isNull()) {
      conf.setString(prefix, node.asText());
    }
  }

  /** Parses {@code key=value} pairs given on the command line. */
  static Map<String, String> parsePairs(List<String> pairs, String flag) {
    Map<String, String> result = new java.util.LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("Expected " + flag + " key=value but got '" + pair + "'.");
      }
      result.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return result;
  }
}
