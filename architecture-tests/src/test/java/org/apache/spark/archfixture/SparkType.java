package org.apache.spark.archfixture;

/**
 * Stands in for a Spark class. Fixture for RulesFailOnPurposeTest only; the real check imports the
 * modules' jars, never these test classes.
 */
public class SparkType {}
