package io.streamkit.submitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/** Flags every command shares: where the configuration comes from. */
final class SessionOptions {
  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description =
          "Configuration file (default: $STREAMKIT_CONF_DIR/streamkit.yaml, else conf/streamkit.yaml).")
  Path conf;

  @Option(
      names = "-D",
      paramLabel = "key=value",
      description = "Set a configuration key (streamkit.* or any Flink key); overrides the file.")
  List<String> properties = new ArrayList<>();

  @Option(
      names = "--var",
      paramLabel = "name=value",
      description = "Replace $${name} in the script with value.")
  List<String> variables = new ArrayList<>();

  Configuration configuration() {
    Path file = conf != null ? conf : ConfigLoader.defaultConfigFile();
    return ConfigLoader.load(file, conf != null, ConfigLoader.parsePairs(properties, "-D"));
  }

  /** The -D pairs as given. */
  Map<String, String> properties() {
    return ConfigLoader.parsePairs(properties, "-D");
  }

  /** The --var pairs as given. */
  Map<String, String> variables() {
    return ConfigLoader.parsePairs(variables, "--var");
  }

  /** Reads and splits a script, with variables substituted. */
  List<SqlScript.Statement> readScript(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("Cannot read SQL script " + file + ": " + e.getMessage());
    }
    try {
      text = SqlScript.substitute(text, ConfigLoader.parsePairs(variables, "--var"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    List<SqlScript.Statement> statements = SqlScript.split(text);
    if (statements.isEmpty()) {
      throw new UsageException("SQL script " + file + " has no statements.");
    }
    return statements;
  }
}
