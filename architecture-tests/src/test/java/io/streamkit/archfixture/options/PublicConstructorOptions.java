package io.streamkit.archfixture.options;

/**
 * Final but constructible: breaks the options rule. Fixture for RulesFailOnPurposeTest only; the
 * real check imports the modules' jars, never these test classes.
 */
public final class PublicConstructorOptions {
  public PublicConstructorOptions() {}
}
