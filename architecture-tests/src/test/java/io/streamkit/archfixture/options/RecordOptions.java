package io.streamkit.archfixture.options;

/**
 * A record: exempt from the options rule. Fixture for RulesFailOnPurposeTest only; the real check
 * imports the modules' jars, never these test classes.
 */
public record RecordOptions(int size) {}
