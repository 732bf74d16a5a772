package io.streamkit.archfixture.api;

/**
 * A public type with a public nested type. Fixture for RulesFailOnPurposeTest only; the real check
 * imports the modules' jars, never these test classes.
 */
public final class PublicApi {
  private PublicApi() {}

  /** Public and reachable. */
  public static final class Nested {}

  /** Not public. */
  static final class Internal {}

  static Runnable anonymous() {
    return new Runnable() {
      @Override
      public void run() {}
    };
  }
}
