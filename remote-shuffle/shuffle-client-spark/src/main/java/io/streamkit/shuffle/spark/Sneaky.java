package io.streamkit.shuffle.spark;

/**
 * Throws a checked exception where Scala's iterator methods declare none. Spark's
 * FetchFailedException is checked in Java and must reach the executor as itself.
 */
final class Sneaky {
  private Sneaky() {}

  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException raise(Throwable e) throws E {
    throw (E) e;
  }
}
