package io.streamkit.submitter;

import java.util.List;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogModel;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.ModelAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.ModelNotExistException;

/**
 * The models {@link ValidationCatalog} shows, in one {@link Overlay}. A real catalog that keeps
 * {@link Catalog}'s default {@code createModel} refuses every model change in a run; then this
 * refuses them too, with the same message, instead of accepting what would fail. Whether the
 * database exists is the caller's check.
 */
final class ModelOverlay {
  private final String catalogName;
  private final Class<?> realClass;
  private final boolean realHasModels;
  private final Overlay<ObjectPath, CatalogModel> models;

  ModelOverlay(String catalogName, Catalog real) {
    this.catalogName = catalogName;
    this.realClass = real.getClass();
    this.realHasModels = implementsModels(real);
    this.models = Overlay.over(real::getModel, ModelNotExistException.class);
  }

  private static boolean implementsModels(Catalog catalog) {
    try {
      return catalog
              .getClass()
              .getMethod("createModel", ObjectPath.class, CatalogModel.class, boolean.class)
              .getDeclaringClass()
          != Catalog.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** The names in {@code db}: the real catalog's {@code realNames} and the script's own. */
  List<String> names(String db, List<String> realNames) {
    return models
        .keys(
            realNames.stream().map(n -> new ObjectPath(db, n)).toList(),
            k -> k.getDatabaseName().equals(db))
        .stream()
        .map(ObjectPath::getObjectName)
        .toList();
  }

  CatalogModel get(ObjectPath path) throws ModelNotExistException {
    return models.get(path).orElseThrow(() -> new ModelNotExistException(catalogName, path));
  }

  boolean exists(ObjectPath path) {
    return models.exists(path);
  }

  /** Checked first by every change, as the real catalog's default methods refuse at once. */
  void checkSupported(String method) {
    if (!realHasModels) {
      throw new UnsupportedOperationException(
          String.format("%s is not implemented for %s.", method, realClass));
    }
  }

  void create(ObjectPath path, CatalogModel model, boolean ignoreIfExists)
      throws ModelAlreadyExistException {
    if (exists(path)) {
      if (!ignoreIfExists) {
        throw new ModelAlreadyExistException(catalogName, path);
      }
      return;
    }
    models.put(path, model.copy());
  }

  void alter(ObjectPath path, CatalogModel newModel, boolean ignoreIfNotExists)
      throws ModelNotExistException {
    if (!exists(path) || newModel == null) {
      if (!ignoreIfNotExists) {
        throw new ModelNotExistException(catalogName, path);
      }
      return;
    }
    models.put(path, newModel.copy());
  }

  void drop(ObjectPath path, boolean ignoreIfNotExists) throws ModelNotExistException {
    if (!exists(path)) {
      if (!ignoreIfNotExists) {
        throw new ModelNotExistException(catalogName, path);
      }
      return;
    }
    models.drop(path);
  }

  /** Drops a model of a database being dropped. */
  void forget(ObjectPath path) {
    models.drop(path);
  }

  void rename(ObjectPath path, String newName, boolean ignoreIfNotExists)
      throws ModelNotExistException, ModelAlreadyExistException {
    if (!exists(path)) {
      if (!ignoreIfNotExists) {
        throw new ModelNotExistException(catalogName, path);
      }
      return;
    }
    ObjectPath target = new ObjectPath(path.getDatabaseName(), newName);
    if (exists(target)) {
      throw new ModelAlreadyExistException(catalogName, target);
    }
    models.put(target, get(path));
    models.drop(path);
  }
}
