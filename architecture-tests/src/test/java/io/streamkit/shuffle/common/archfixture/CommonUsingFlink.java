package io.streamkit.shuffle.common.archfixture;

import org.apache.flink.archfixture.FlinkType;

/**
 * A shuffle-common class that uses Flink: breaks the engine-neutral rule. Fixture for
 * RulesFailOnPurposeTest only; the real check imports the modules' jars, never these test classes.
 */
public class CommonUsingFlink {
  static Object engine() {
    return new FlinkType();
  }
}
