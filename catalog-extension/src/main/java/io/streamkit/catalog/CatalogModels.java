package io.streamkit.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogModel;
import org.apache.flink.table.catalog.CatalogPropertiesUtil;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogModel;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.ModelAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.ModelNotExistException;
import org.apache.flink.table.expressions.DefaultSqlFactory;
import org.apache.flink.table.types.DataType;

/**
 * The models of the catalog ({@code CREATE MODEL}, rows of {@code sk_model}): stored in Flink's own
 * serialized form with their real options, shown with secret options masked like tables', and
 * dropped with their database. {@code ALTER MODEL ... SET} merges the new options into the stored
 * ones (the catalog API's rule), keeping a stored secret where the new options carry its mask.
 */
final class CatalogModels {
  private final String catalogName;
  private final MetadataStore store;
  private final Secrets secrets;

  CatalogModels(String catalogName, MetadataStore store, Secrets secrets) {
    this.catalogName = catalogName;
    this.store = store;
    this.secrets = secrets;
  }

  List<String> names(Connection c, String db) throws SQLException {
    return MetadataStore.query(
        c,
        "SELECT model_name FROM sk_model WHERE db_name = ? ORDER BY model_name",
        rs -> rs.getString(1),
        db);
  }

  /** The model as users see it: secret options masked. */
  CatalogModel get(ObjectPath path) throws ModelNotExistException {
    CatalogModel stored = stored(path);
    return stored.copy(secrets.mask(stored.getOptions()));
  }

  /** The model with its real options; for the model provider factory only. */
  CatalogModel stored(ObjectPath path) throws ModelNotExistException {
    return store
        .read("read model " + path.getFullName(), c -> definition(c, path))
        .map(json -> decode(store.keys().openJson(json)))
        .orElseThrow(() -> new ModelNotExistException(catalogName, path));
  }

  boolean exists(ObjectPath path) {
    return store.read("read model " + path.getFullName(), c -> definition(c, path)).isPresent();
  }

  void create(ObjectPath path, CatalogModel model, boolean ignoreIfExists)
      throws ModelAlreadyExistException, DatabaseNotExistException {
    secrets.rejectMasked("model " + path.getFullName(), model.getOptions());
    String definition = encode(model);
    long now = System.currentTimeMillis();
    boolean created =
        MetadataSql.insertInDatabase(
            store,
            catalogName,
            "create model " + path.getFullName(),
            path.getDatabaseName(),
            c ->
                MetadataStore.update(
                    c,
                    "INSERT INTO sk_model (db_name, model_name, definition, created_at,"
                        + " updated_at) VALUES (?, ?, ?, ?, ?)",
                    path.getDatabaseName(),
                    path.getObjectName(),
                    store.keys().sealJson(c, definition),
                    now,
                    now));
    if (!created && !ignoreIfExists) {
      throw new ModelAlreadyExistException(catalogName, path);
    }
  }

  void alter(ObjectPath path, CatalogModel change, boolean ignoreIfNotExists)
      throws ModelNotExistException {
    long now = System.currentTimeMillis();
    int updated =
        store.writeOrFail(
            "alter model " + path.getFullName(),
            c -> {
              Optional<String> current = definition(c, path);
              if (current.isEmpty()) {
                return 0;
              }
              // Changed in the stored form: its schemas stay as serialized (a decoded model's
              // types are unresolved), only the options are replaced.
              Map<String, String> properties =
                  store.keys().open(TableCodec.fromJson(current.get()));
              CatalogModel old = ResolvedCatalogModel.fromProperties(properties);
              Map<String, String> options = new HashMap<>(old.getOptions());
              options.putAll(Secrets.unmask(change.getOptions(), old.getOptions()));
              secrets.rejectMasked("model " + path.getFullName(), options);
              old.getOptions().keySet().forEach(properties::remove);
              properties.putAll(options);
              return MetadataStore.update(
                  c,
                  "UPDATE sk_model SET definition = ?, updated_at = ?"
                      + " WHERE db_name = ? AND model_name = ?",
                  TableCodec.toJson(store.keys().seal(c, properties)),
                  now,
                  path.getDatabaseName(),
                  path.getObjectName());
            });
    if (updated == 0 && !ignoreIfNotExists) {
      throw new ModelNotExistException(catalogName, path);
    }
  }

  void rename(ObjectPath path, String newName, boolean ignoreIfNotExists)
      throws ModelNotExistException, ModelAlreadyExistException {
    ObjectPath target = new ObjectPath(path.getDatabaseName(), newName);
    Optional<Integer> renamed =
        store.writeUnlessDuplicate(
            "rename model " + path.getFullName(),
            c ->
                MetadataStore.update(
                    c,
                    "UPDATE sk_model SET model_name = ?, updated_at = ?"
                        + " WHERE db_name = ? AND model_name = ?",
                    newName,
                    System.currentTimeMillis(),
                    path.getDatabaseName(),
                    path.getObjectName()));
    if (renamed.isEmpty()) {
      throw new ModelAlreadyExistException(catalogName, target);
    }
    if (renamed.get() == 0 && !ignoreIfNotExists) {
      throw new ModelNotExistException(catalogName, path);
    }
  }

  void drop(ObjectPath path, boolean ignoreIfNotExists) throws ModelNotExistException {
    int deleted =
        store.writeOrFail(
            "drop model " + path.getFullName(),
            c ->
                MetadataStore.update(
                    c,
                    "DELETE FROM sk_model WHERE db_name = ? AND model_name = ?",
                    path.getDatabaseName(),
                    path.getObjectName()));
    if (deleted == 0 && !ignoreIfNotExists) {
      throw new ModelNotExistException(catalogName, path);
    }
  }

  private static Optional<String> definition(Connection c, ObjectPath path) throws SQLException {
    return MetadataStore.queryOne(
        c,
        "SELECT definition FROM sk_model WHERE db_name = ? AND model_name = ?",
        rs -> rs.getString(1),
        path.getDatabaseName(),
        path.getObjectName());
  }

  /**
   * Flink's serialized form of a model. Flink's catalog manager passes resolved models; a model
   * given through the API with plain data types (as Flink's own catalog tests do) is resolved here.
   */
  static String encode(CatalogModel model) {
    ResolvedCatalogModel resolved =
        model instanceof ResolvedCatalogModel r
            ? r
            : ResolvedCatalogModel.of(
                model,
                resolve(model.getInputSchema(), "input"),
                resolve(model.getOutputSchema(), "output"));
    return TableCodec.toJson(
        CatalogPropertiesUtil.serializeResolvedCatalogModel(resolved, DefaultSqlFactory.INSTANCE));
  }

  static CatalogModel decode(String json) {
    return ResolvedCatalogModel.fromProperties(TableCodec.fromJson(json));
  }

  private static ResolvedSchema resolve(Schema schema, String which) {
    List<Column> columns = new ArrayList<>();
    for (Schema.UnresolvedColumn column : schema.getColumns()) {
      if (!(column instanceof Schema.UnresolvedPhysicalColumn physical)
          || !(physical.getDataType() instanceof DataType type)) {
        throw new CatalogException(
            "The streamkit catalog stores models as Flink's catalog manager passes them"
                + " (resolved); the "
                + which
                + " column '"
                + column.getName()
                + "' is not a physical column with a data type.");
      }
      columns.add(
          Column.physical(physical.getName(), type)
              .withComment(physical.getComment().orElse(null)));
    }
    return ResolvedSchema.of(columns);
  }
}
