package org.apache.flink.archfixture;

/**
 * Stands in for a Flink class. Fixture for RulesFailOnPurposeTest only; the real check imports the
 * modules' jars, never these test classes.
 */
public class FlinkType {}
