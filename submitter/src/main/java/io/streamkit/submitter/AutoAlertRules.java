package io.streamkit.submitter;

import io.streamkit.alerting.Rule;
import io.streamkit.alerting.RuleFile;
import io.streamkit.alerting.flink.AlertJob;
import io.streamkit.alerting.flink.AlertingOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;

/**
 * The rules {@code sql run} applies for every job it submits (Bigo adds monitoring rules when a job
 * is submitted, seed 002), named {@code auto.<job>.<rule>}: three restarts within 10 minutes, three
 * failed checkpoints within 10 minutes, and a source backlog above 10,000 records that has grown by
 * half over 5 minutes and stays so for 5 minutes. Applied once per job name and run; a job
 * submitted again replaces its rules (same definitions: the running alert job keeps their state).
 */
final class AutoAlertRules {
  private static final String TEMPLATE =
      """
      name: auto.{job}.restarts
      severity: critical
      every: 1m
      window: 10m
      series: [{metric: numRestarts, filter: {job_name: "{job}"}, aggregate: INCREASE}]
      condition: "{0} >= 3"
      repeat-interval: 1h
      annotations: {summary: "job {job} restarted {{ $value }} times within 10 minutes"}
      ---
      name: auto.{job}.checkpoint-failures
      severity: warning
      every: 1m
      window: 10m
      series: [{metric: numberOfFailedCheckpoints, filter: {job_name: "{job}"}, aggregate: INCREASE}]
      condition: "{0} >= 3"
      repeat-interval: 1h
      annotations: {summary: "job {job}: {{ $value }} checkpoints failed within 10 minutes"}
      ---
      name: auto.{job}.backlog-growing
      severity: warning
      every: 1m
      window: 1m
      for: 5m
      group-by: [job_name]
      series:
        - {name: now, metric: pendingRecords, filter: {job_name: "{job}"}, aggregate: SUM}
        - {name: before, metric: pendingRecords, filter: {job_name: "{job}"}, aggregate: SUM, offset: 5m}
      condition: "{now} > 10000 and {now} > 1.5 * {before}"
      resolve-condition: "{now} < 1000"
      repeat-interval: 1h
      annotations: {summary: "job {job} is {{ $values.now }} records behind and falling further back"}
      """;

  private final Set<String> applied = new HashSet<>();

  AutoAlertRules() {}

  /** The default rules of one job. */
  static List<Rule> forJob(String jobName) {
    String job = jobName.replace("\\", "\\\\").replace("\"", "\\\"");
    RuleFile.Result r = RuleFile.parse("auto rules of " + jobName, TEMPLATE.replace("{job}", job));
    if (!r.errors().isEmpty()) {
      throw new IllegalStateException(r.errors().toString()); // a job name the names refuse
    }
    return r.rules();
  }

  /**
   * Applies the job's rules once per job name, when enabled and the alerting brokers are known.
   *
   * @return what to tell the user, or null when nothing was done
   */
  String submitted(String jobName, Configuration session) {
    if (!session.get(AlertingOptions.AUTO_RULES) || !applied.add(jobName)) {
      return null;
    }
    try {
      AlertJob.bootstrap(session);
    } catch (IllegalArgumentException e) {
      return null; // no alerting here
    }
    List<Rule> rules;
    try {
      rules = forJob(jobName);
    } catch (IllegalStateException e) {
      return "Alert rules not added for job " + jobName + ": its name cannot name a rule.";
    }
    try {
      new AlertRules(session).apply(rules);
    } catch (Exception e) {
      return "Alert rules not added for job "
          + jobName
          + " ("
          + e.getMessage()
          + "); the job runs"
          + " regardless. Add them later with 'streamkit alert apply'.";
    }
    return "Alert rules added: "
        + String.join(", ", rules.stream().map(Rule::name).toList())
        + " (streamkit.alerting.auto-rules)";
  }
}
