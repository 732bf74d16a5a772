package io.streamkit.archfixture.options;

/**
 * Keeps the options rule. Fixture for RulesFailOnPurposeTest only; the real check imports the
 * modules' jars, never these test classes.
 */
public final class GoodOptions {
  public static final String KEY = "streamkit.fixture.key";

  private GoodOptions() {}
}
