package io.streamkit.submitter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.flink.table.catalog.exceptions.CatalogException;

/**
 * One kind of catalog object (databases, tables, functions, partitions, ...) as {@code sql
 * validate} sees it. Each key is in one of three states: untouched (read from the real catalog),
 * put by the script (created or altered: the script's value wins) or dropped by the script (absent,
 * whatever the real catalog holds). Nothing here writes to the real catalog.
 *
 * <p>Not thread-safe, like {@code GenericInMemoryCatalog}: a script is validated on one thread.
 */
final class Overlay<K, V> {
  /** Reads one object of the real catalog; empty when it has none. */
  @FunctionalInterface
  interface Source<K, V> {
    Optional<V> find(K key);
  }

  private final Source<K, V> real;
  // A key the script touched: its value, or empty when the script dropped it. Insertion order is
  // the order of the script's last change, so listings show new objects in creation order.
  private final Map<K, Optional<V>> touched = new LinkedHashMap<>();

  Overlay(Source<K, V> real) {
    this.real = real;
  }

  /** Reads one object of the real catalog, throwing {@code E} when it has none. */
  @FunctionalInterface
  interface Lookup<K, V, E extends Exception> {
    V get(K key) throws E;
  }

  /** An overlay over a real catalog's getter, which throws {@code notFound} for a missing key. */
  static <K, V, E extends Exception> Overlay<K, V> over(Lookup<K, V, E> getter, Class<E> notFound) {
    return new Overlay<>(
        key -> {
          try {
            return Optional.of(getter.get(key));
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            if (notFound.isInstance(e)) {
              return Optional.empty();
            }
            throw new CatalogException(e.getMessage(), e);
          }
        });
  }

  /** The value the script sees: its own, none if it dropped the key, else the real catalog's. */
  Optional<V> get(K key) {
    Optional<V> own = touched.get(key);
    return own != null ? own : real.find(key);
  }

  boolean exists(K key) {
    return get(key).isPresent();
  }

  /** Whether the script created, altered or dropped {@code key}. */
  boolean touched(K key) {
    return touched.containsKey(key);
  }

  /** Creates or replaces the script's value of {@code key}. */
  void put(K key, V value) {
    touched.remove(key); // moves it to the end: listings keep the order of the script's changes
    touched.put(key, Optional.of(value));
  }

  /** Hides {@code key} from now on, also when the real catalog has it. */
  void drop(K key) {
    touched.remove(key);
    touched.put(key, Optional.empty());
  }

  /**
   * The keys the script sees: those of {@code realKeys} it has not touched, in their order, then
   * those it put that satisfy {@code inScope}, in the order it put them.
   */
  List<K> keys(Collection<K> realKeys, Predicate<K> inScope) {
    Set<K> keys = new LinkedHashSet<>();
    for (K key : realKeys) {
      if (!touched.containsKey(key)) {
        keys.add(key);
      }
    }
    touched.forEach(
        (key, value) -> {
          if (value.isPresent() && inScope.test(key)) {
            keys.add(key);
          }
        });
    return new ArrayList<>(keys);
  }
}
