package io.streamkit.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.resource.ResourceType;
import org.apache.flink.table.resource.ResourceUri;

/**
 * The JSON of {@code sk_function.resources}: the jars, files and archives of a function ({@code
 * CREATE FUNCTION ... USING JAR '...'}), as {@code [{"type":"JAR","uri":"..."}, ...]}. Decoding
 * refuses anything else with a message that names the function, so a corrupt row is found and fixed
 * instead of failing somewhere in the planner.
 */
final class FunctionResources {
  private FunctionResources() {}

  static String encode(List<ResourceUri> resources) {
    ArrayNode array = TableCodec.json().createArrayNode();
    for (ResourceUri resource : resources) {
      array
          .addObject()
          .put("type", resource.getResourceType().name())
          .put("uri", resource.getUri());
    }
    try {
      return TableCodec.json().writeValueAsString(array);
    } catch (JsonProcessingException e) {
      throw new CatalogException("Cannot encode function resources", e);
    }
  }

  /** The resources in {@code json}, stored for {@code function}. */
  static List<ResourceUri> decode(String json, ObjectPath function) {
    JsonNode array;
    try {
      array = TableCodec.json().readTree(json);
    } catch (JsonProcessingException e) {
      throw corrupt(function, "not JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (array == null || !array.isArray()) {
      throw corrupt(function, "not a JSON array", null);
    }
    List<ResourceUri> resources = new ArrayList<>(array.size());
    for (JsonNode entry : array) {
      resources.add(resource(entry, resources.size(), function));
    }
    return List.copyOf(resources);
  }

  private static ResourceUri resource(JsonNode entry, int index, ObjectPath function) {
    JsonNode type = entry.get("type");
    JsonNode uri = entry.get("uri");
    if (!entry.isObject() || type == null || !type.isTextual() || uri == null || !uri.isTextual()) {
      throw corrupt(
          function, "entry " + index + " is not an object with a text \"type\" and \"uri\"", null);
    }
    try {
      return new ResourceUri(ResourceType.valueOf(type.textValue()), uri.textValue());
    } catch (IllegalArgumentException e) {
      throw corrupt(
          function,
          "entry "
              + index
              + " has the unknown type '"
              + type.textValue()
              + "' (known: "
              + Arrays.toString(ResourceType.values())
              + ")",
          e);
    }
  }

  /** The row's raw text stays out of the message: a resource URI may carry credentials. */
  private static CatalogException corrupt(ObjectPath function, String problem, Exception cause) {
    return new CatalogException(
        "Corrupt resources of function "
            + function.getFullName()
            + " in the catalog database: "
            + problem
            + "; expected [{\"type\": \"JAR\", \"uri\": \"...\"}, ...]. Re-create the function"
            + " (DROP FUNCTION, then CREATE FUNCTION ... USING JAR ...).",
        cause);
  }
}
