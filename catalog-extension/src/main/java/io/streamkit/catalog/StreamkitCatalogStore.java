package io.streamkit.catalog;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
  private final MasterKey masterKey;
  private MetadataStore store;

  StreamkitCatalogStore(JdbcSettings settings, ClassLoader classLoader) {
    this(settings, null, classLoader);
  }

  /** {@code masterKey} (null: none) wraps the data key that encrypts secrets ({@link DataKeys}). */
  StreamkitCatalogStore(JdbcSettings settings, MasterKey masterKey, ClassLoader classLoader) {
    this.settings = settings;
    this.masterKey = masterKey;
    this.classLoader = classLoader;
  }

  @Override
  public void open() {
    store = MetadataStore.open(settings, masterKey, new Secrets(List.of()), classLoader);
    try {
      store.keys().checkOnOpen(store, "The streamkit catalog store");
    } catch (RuntimeException e) {
      close();
      throw e;
    }
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
    boolean stored =
        store
            .writeUnlessDuplicate(
                "store catalog " + name,
                c -> MetadataSql.insertCatalog(c, store.keys(), name, descriptor, now))
            .isPresent();
    if (!stored) {
      throw new CatalogException(
          "Catalog '" + name + "' already exists in the catalog store; drop it first.");
    }
  }

  @Override
  public void removeCatalog(String name, boolean ignoreIfNotExists) throws CatalogException {
    checkOpenState();
    int deleted =
        store.writeOrFail("remove catalog " + name, c -> MetadataSql.deleteCatalog(c, name));
    if (deleted == 0 && !ignoreIfNotExists) {
      throw new CatalogException("Catalog '" + name + "' does not exist in the catalog store.");
    }
  }

  @Override
  public Optional<CatalogDescriptor> getCatalog(String name) throws CatalogException {
    checkOpenState();
    return store.read("read catalog " + name, c -> MetadataSql.catalog(c, store.keys(), name));
  }

  @Override
  public Set<String> listCatalogs() throws CatalogException {
    checkOpenState();
    return new TreeSet<>(store.read("list catalogs", MetadataSql::catalogNames));
  }

  @Override
  public boolean contains(String name) throws CatalogException {
    return getCatalog(name).isPresent();
  }
}
