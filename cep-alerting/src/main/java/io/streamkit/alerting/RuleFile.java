package io.streamkit.alerting;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads rule files: YAML, one document per rule ({@code ---} between them). Every rule is checked
 * on its own; a rule that fails is reported as {@code file:line: rule 'name': reason} and the
 * others are still returned, so one bad rule never takes the rest down.
 */
public final class RuleFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLFactory YAML = new YAMLFactory();

  /** What a file held: the valid rules, and one message per refused rule. */
  public record Result(List<Rule> rules, List<String> errors) {}

  private RuleFile() {}

  /** Reads every document of a rule file; {@code file} names it in messages. */
  public static Result parse(String file, String text) {
    List<Rule> rules = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    try (JsonParser parser = YAML.createParser(text)) {
      while (parser.nextToken() != null) {
        Map<String, Integer> lines = new HashMap<>();
        int line = parser.currentTokenLocation().getLineNr();
        JsonNode doc = read(parser, "", lines);
        if (doc == null || doc.isNull() || doc.isMissingNode()) {
          continue; // an empty document, e.g. after a trailing ---
        }
        try {
          Rule rule = RuleReader.read(doc, lines, file, line);
          Integer earlier = names.putIfAbsent(rule.name(), line);
          if (earlier != null) {
            errors.add(
                file
                    + ":"
                    + line
                    + ": rule '"
                    + rule.name()
                    + "' is defined twice (first at line "
                    + earlier
                    + ")");
          } else {
            rules.add(rule);
          }
        } catch (RuleException e) {
          String name = doc.path("name").asText("");
          errors.add(
              file
                  + ":"
                  + e.line()
                  + ": "
                  + (name.isEmpty() ? "" : "rule '" + name + "': ")
                  + e.getMessage());
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      errors.add(
          file
              + ":"
              + (at == null ? 1 : at.getLineNr())
              + ": not valid YAML: "
              + e.getOriginalMessage());
    } catch (IOException e) {
      errors.add(file + ": " + e.getMessage());
    }
    return new Result(rules, errors);
  }

  /**
   * A rule from its stored definition ({@link Rule#definition()}).
   *
   * @throws IllegalArgumentException when the definition is not a valid rule
   */
  public static Rule fromDefinition(String definition, String source) {
    try {
      return RuleReader.read(JSON.readTree(definition), Map.of(), source, 0);
    } catch (IOException | RuleException e) {
      throw new IllegalArgumentException(source + ": not a valid rule: " + e.getMessage(), e);
    }
  }

  // A tree builder that remembers the line of every field, by path ("series[1].metric").
  private static JsonNode read(JsonParser p, String path, Map<String, Integer> lines)
      throws IOException {
    JsonNodeFactory f = JsonNodeFactory.instance;
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      ObjectNode node = f.objectNode();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        String child = path.isEmpty() ? field : path + "." + field;
        lines.put(child, p.currentTokenLocation().getLineNr());
        p.nextToken();
        node.set(field, read(p, child, lines));
      }
      return node;
    }
    if (t == JsonToken.START_ARRAY) {
      ArrayNode node = f.arrayNode();
      int i = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        String child = path + "[" + i++ + "]";
        lines.put(child, p.currentTokenLocation().getLineNr());
        node.add(read(p, child, lines));
      }
      return node;
    }
    return switch (t) {
      case VALUE_NUMBER_INT -> f.numberNode(p.getLongValue());
      case VALUE_NUMBER_FLOAT -> f.numberNode(p.getDoubleValue());
      case VALUE_TRUE -> f.booleanNode(true);
      case VALUE_FALSE -> f.booleanNode(false);
      case VALUE_NULL -> f.nullNode();
      default -> f.textNode(p.getText());
    };
  }
}
