package io.streamkit.archfixture.options;

/**
 * Not final: breaks the options rule. Fixture for RulesFailOnPurposeTest only; the real check
 * imports the modules' jars, never these test classes.
 */
public class NonFinalOptions {
  private NonFinalOptions() {}
}
