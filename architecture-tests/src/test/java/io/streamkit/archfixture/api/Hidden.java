package io.streamkit.archfixture.api;

/**
 * Package-private: its public nested type is not reachable either. Fixture for
 * RulesFailOnPurposeTest only; the real check imports the modules' jars, never these test classes.
 */
final class Hidden {
  private Hidden() {}

  /** Public, inside a package-private class. */
  public static final class Inner {}
}
