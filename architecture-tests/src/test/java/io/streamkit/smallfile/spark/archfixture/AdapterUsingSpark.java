package io.streamkit.smallfile.spark.archfixture;

import org.apache.spark.archfixture.SparkType;

/**
 * The Spark adapter may use Spark. Fixture for RulesFailOnPurposeTest only; the real check imports
 * the modules' jars, never these test classes.
 */
public class AdapterUsingSpark {
  SparkType engine = new SparkType();
}
