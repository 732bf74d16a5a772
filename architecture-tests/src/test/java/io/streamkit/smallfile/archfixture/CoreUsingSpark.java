package io.streamkit.smallfile.archfixture;

import org.apache.spark.archfixture.SparkType;

/**
 * A merge-core class that uses Spark: breaks the engine-neutral rule. Fixture for
 * RulesFailOnPurposeTest only; the real check imports the modules' jars, never these test classes.
 */
public class CoreUsingSpark {
  SparkType engine = new SparkType();
}
