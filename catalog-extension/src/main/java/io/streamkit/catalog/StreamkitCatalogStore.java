package io.streamkit.catalog;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.catalog.AbstractCatalogStore;
import org.apache.flink.table.catalog.CatalogDescriptor;
import org.apache.flink.table.catalog.exceptions.CatalogException;

/**
 * Keeps catalog definitions ({@code CREATE CATALOG}) in the metadata database, so a catalog defined
 * once is there in every later session. Configure with {@code table.catalog-store.kind: streamkit}.
 */
public final class StreamkitCatalogStore extends AbstractCatalogStore {
  private final JdbcSettings settings;
  private final ClassLoader classLoader;
  private MetadataStore store;

  StreamkitCatalogStore(JdbcSettings settings, ClassLoader classLoader) {
    this.settings = settings;
    this.classLoader = classLoader;
  }

  @Override
  public void open() {
    store = MetadataStore.open(settings, classLoader);
    super.open();
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
      store = null;
    }
    super.close();
  }

  @Override
  public void storeCatalog(String name, CatalogDescriptor descriptor) throws CatalogException {
    checkOpenState();
    long now = System.currentTimeMillis();
    try {
      store.write(
          "store catalog " + name,
          c ->
              MetadataStore.update(
                  c,
                  "INSERT INTO sk_catalog (catalog_name, options, catalog_comment, created_at,"
                      + " updated_at) VALUES (?, ?, ?, ?, ?)",
                  name,
                  TableCodec.toJson(descriptor.getConfiguration().toMap()),
                  descriptor.getComment().orElse(null),
                  now,
                  now));
    } catch (SQLException e) {
      if (Dialect.isDuplicateKey(e)) {
        throw new CatalogException(
            "Catalog '" + name + "' already exists in the catalog store; drop it first.", e);
      }
      throw store.failure("store catalog " + name, e);
    }
  }

  @Override
  public void removeCatalog(String name, boolean ignoreIfNotExists) throws CatalogException {
    checkOpenState();
    int deleted =
        store.writeOrFail(
            "remove catalog " + name,
            c -> MetadataStore.update(c, "DELETE FROM sk_catalog WHERE catalog_name = ?", name));
    if (deleted == 0 && !ignoreIfNotExists) {
      throw new CatalogException("Catalog '" + name + "' does not exist in the catalog store.");
    }
  }

  @Override
  public Optional<CatalogDescriptor> getCatalog(String name) throws CatalogException {
    checkOpenState();
    return store.read(
        "read catalog " + name,
        c ->
            MetadataStore.queryOne(
                c,
                "SELECT options, catalog_comment FROM sk_catalog WHERE catalog_name = ?",
                rs -> {
                  Map<String, String> options = TableCodec.fromJson(rs.getString(1));
                  String comment = rs.getString(2);
                  Configuration conf = Configuration.fromMap(options);
                  return comment == null
                      ? CatalogDescriptor.of(name, conf)
                      : CatalogDescriptor.of(name, conf, comment);
                },
                name));
  }

  @Override
  public Set<String> listCatalogs() throws CatalogException {
    checkOpenState();
    return new TreeSet<String>(
        store.<java.util.List<String>>read(
            "list catalogs",
            c ->
                MetadataStore.query(
                    c, "SELECT catalog_name FROM sk_catalog", rs -> rs.getString(1))));
  }

  @Override
  public boolean contains(String name) throws CatalogException {
    return getCatalog(name).isPresent();
  }
}
