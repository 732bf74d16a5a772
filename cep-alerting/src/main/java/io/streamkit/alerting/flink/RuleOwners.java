package io.streamkit.alerting.flink;

/** Which evaluating subtask owns a rule: a fixed hash of its name, so routing and state agree. */
final class RuleOwners {
  private RuleOwners() {}

  static int owner(String rule, int parallelism) {
    return Math.floorMod(rule.hashCode(), parallelism);
  }
}
