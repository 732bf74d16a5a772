package io.streamkit.smallfile;

/**
 * For tests only: makes a merge fail at a named point, to prove that a failure there leaves no
 * half-merged output. Points: {@code before-rename}, {@code after-rename}, {@code after-delete}.
 */
public final class FaultInjector {
  private static volatile String failAt;

  private FaultInjector() {}

  public static void failAt(String point) {
    failAt = point;
  }

  public static void clear() {
    failAt = null;
  }

  static void reach(String point) throws java.io.IOException {
    if (point.equals(failAt)) {
      throw new java.io.IOException("injected failure at " + point);
    }
  }
}
