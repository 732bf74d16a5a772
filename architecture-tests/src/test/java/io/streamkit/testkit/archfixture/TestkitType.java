package io.streamkit.testkit.archfixture;

/**
 * Stands in for a testkit class. Fixture for RulesFailOnPurposeTest only; the real check imports
 * the modules' jars, never these test classes.
 */
public class TestkitType {}
