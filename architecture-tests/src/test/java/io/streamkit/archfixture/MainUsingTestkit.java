package io.streamkit.archfixture;

import io.streamkit.testkit.archfixture.TestkitType;

/**
 * Main code that uses testkit: breaks the testkit rule. Fixture for RulesFailOnPurposeTest only;
 * the real check imports the modules' jars, never these test classes.
 */
public class MainUsingTestkit {
  void run(TestkitType fixture) {}
}
