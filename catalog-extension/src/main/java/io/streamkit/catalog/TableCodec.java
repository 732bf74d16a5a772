package io.streamkit.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogPropertiesUtil;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.CatalogView;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedCatalogView;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.expressions.DefaultSqlFactory;

/**
 * Turns tables and views into the JSON stored in {@code sk_object.definition} and back. Tables use
 * Flink's own serialized form ({@link CatalogPropertiesUtil}), which keeps every column kind,
 * watermark, primary key, comments, partition keys, distribution and options. Flink stores no view
 * queries in that form, so they are kept next to it.
 */
final class TableCodec {
  static final String KIND_TABLE = "TABLE";
  static final String KIND_VIEW = "VIEW";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};
  private static final String VIEW_ORIGINAL = "streamkit.view.original-query";
  private static final String VIEW_EXPANDED = "streamkit.view.expanded-query";

  private TableCodec() {}

  static String kindOf(CatalogBaseTable table) {
    switch (table.getTableKind()) {
      case TABLE:
        return KIND_TABLE;
      case VIEW:
        return KIND_VIEW;
      default:
        throw new CatalogException(
            "The streamkit catalog stores tables and views, not " + table.getTableKind());
    }
  }

  static String encode(CatalogBaseTable table) {
    Map<String, String> properties;
    if (table instanceof ResolvedCatalogTable resolved) {
      properties =
          CatalogPropertiesUtil.serializeCatalogTable(resolved, DefaultSqlFactory.INSTANCE);
    } else if (table instanceof ResolvedCatalogView view) {
      CatalogTable asTable =
          CatalogTable.newBuilder()
              .schema(view.getUnresolvedSchema())
              .comment(view.getComment())
              .options(view.getOptions())
              .build();
      properties =
          new TreeMap<>(
              CatalogPropertiesUtil.serializeCatalogTable(
                  new ResolvedCatalogTable(asTable, view.getResolvedSchema()),
                  DefaultSqlFactory.INSTANCE));
      properties.put(VIEW_ORIGINAL, view.getOriginalQuery());
      properties.put(VIEW_EXPANDED, view.getExpandedQuery());
    } else {
      throw new CatalogException(
          "The streamkit catalog stores resolved tables and views (as Flink's CatalogManager passes"
              + " them); got "
              + table.getClass().getName());
    }
    return toJson(properties);
  }

  static CatalogBaseTable decode(String kind, String json) {
    Map<String, String> properties = fromJson(json);
    if (KIND_VIEW.equals(kind)) {
      String original = properties.remove(VIEW_ORIGINAL);
      String expanded = properties.remove(VIEW_EXPANDED);
      CatalogTable asTable = CatalogPropertiesUtil.deserializeCatalogTable(properties);
      return CatalogView.of(
          asTable.getUnresolvedSchema(),
          asTable.getComment(),
          original,
          expanded,
          asTable.getOptions());
    }
    return CatalogPropertiesUtil.deserializeCatalogTable(properties);
  }

  static String toJson(Map<String, String> map) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(map));
    } catch (JsonProcessingException e) {
      throw new CatalogException("Cannot encode metadata as JSON", e);
    }
  }

  static Map<String, String> fromJson(String json) {
    try {
      return new TreeMap<>(JSON.readValue(json, MAP));
    } catch (JsonProcessingException e) {
      throw new CatalogException("Corrupt metadata JSON in the catalog database", e);
    }
  }

  static ObjectMapper json() {
    return JSON;
  }
}
