package io.streamkit.catalog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;

/**
 * Optimistic concurrency for ALTER: the version of each table or view that this catalog instance (a
 * session) last read is the version its next ALTER must still find in the database. Flink reads a
 * table before it alters it, so an ALTER built on a definition that another session has changed
 * since fails with "Concurrent change" instead of silently overwriting that change.
 */
final class TableVersions {
  private final String catalogName;

  /** The version of each object this session last read or wrote: the base of its next ALTER. */
  private final Map<ObjectPath, Long> readVersions = new ConcurrentHashMap<>();

  TableVersions(String catalogName) {
    this.catalogName = catalogName;
  }

  /** Notes that this session has read {@code path} at {@code version}. */
  void read(ObjectPath path, long version) {
    readVersions.put(path, version);
  }

  /** Forgets {@code path}, as after it was dropped. */
  void forget(ObjectPath path) {
    readVersions.remove(path);
  }

  /** Starts an ALTER of {@code path}, based on the version this session read (if any). */
  Alter beginAlter(ObjectPath path) {
    return new Alter(path, readVersions.get(path));
  }

  /** One ALTER: the version it is based on, and the version it found in the database. */
  final class Alter {
    private final ObjectPath path;
    private final Long base;
    private long found;

    private Alter(ObjectPath path, Long base) {
      this.path = path;
      this.base = base;
    }

    /**
     * Notes the version the transaction finds stored and returns the version the update must still
     * see: the session's base, or the found one when this session never read the object.
     */
    long expected(long storedVersion) {
      found = storedVersion;
      return base == null ? storedVersion : base;
    }

    /** The update went through: the object is now one version past the one found. */
    void committed() {
      readVersions.put(path, found + 1);
    }

    /**
     * The update found another version: forgets the base, so that the statement run again applies
     * to the current definition, and returns the error to throw.
     */
    CatalogException conflict() {
      readVersions.remove(path);
      return new CatalogException(
          String.format(
              "Concurrent change: %s.%s was changed by another session (now at version %d) after"
                  + " this session read it at version %d. Nothing was written. Run the statement"
                  + " again to apply it to the current definition.",
              catalogName, path.getFullName(), found, base));
    }
  }
}
