package io.streamkit.submitter;

import io.streamkit.alerting.AlertReplay;
import io.streamkit.alerting.ExpectedTransitions;
import io.streamkit.alerting.MetricEvent;
import io.streamkit.alerting.Notification;
import io.streamkit.alerting.Rule;
import io.streamkit.alerting.RuleFile;
import io.streamkit.catalog.AlertRuleStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code streamkit alert ...}: alert rules over the metric stream (docs/cep-alerting.md). */
@Command(
    name = "alert",
    mixinStandardHelpOptions = true,
    description = "Alert rules over the metric stream.",
    subcommands = {
      AlertCommand.Validate.class,
      AlertCommand.Apply.class,
      AlertCommand.ListRules.class,
      AlertCommand.Delete.class,
      AlertCommand.Test.class,
      AlertCommand.Run.class
    })
final class AlertCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** A rule file read whole; refused rules are printed as {@code file:line: reason}. */
  static RuleFile.Result read(Path file) {
    try {
      return RuleFile.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UsageException("Cannot read rule file " + file + ": " + e.getMessage());
    }
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Check rule files: every field, formula, schedule and duration; each refused rule is"
            + " printed as file:line: reason.",
        "Exit code: 0 when every rule is valid, 1 otherwise."
      })
  static final class Validate implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Rule files (YAML).")
    List<Path> files;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int refused = 0;
      for (Path file : files) {
        RuleFile.Result r = read(file);
        r.errors().forEach(err::println);
        refused += r.errors().size();
        out.println(
            file
                + ": "
                + r.rules().size()
                + " valid rule(s)"
                + (r.errors().isEmpty() ? "" : ", " + r.errors().size() + " refused"));
      }
      out.flush();
      err.flush();
      return refused == 0 ? 0 : 1;
    }
  }

  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description = {
        "Replay recorded metric events (metric-reporter's JSON, one per line) through the rules"
            + " and print one line per transition: <ISO time> <rule> <group> FIRING|RESOLVED"
            + " <value>. With --expect, compare with the expected transitions.",
        "Exit code: 0; 1 when a rule is refused or the transitions differ from --expect."
      })
  static final class Test implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Rule file (YAML).")
    Path rules;

    @Option(
        names = "--metrics",
        required = true,
        paramLabel = "SAMPLE.jsonl",
        description = "Recorded metric events, one JSON event per line.")
    Path metrics;

    @Option(
        names = "--expect",
        paramLabel = "EXPECTED.yaml",
        description = "Expected transitions: a list of {at, rule, group, status, value}.")
    Path expect;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      RuleFile.Result r = read(rules);
      r.errors().forEach(err::println);
      List<MetricEvent> events = new ArrayList<>();
      int skipped = 0;
      List<String> lines;
      try {
        lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UsageException("Cannot read metric sample " + metrics + ": " + e.getMessage());
      }
      for (String line : lines) {
        if (line.isBlank()) {
          continue;
        }
        MetricEvent e = MetricEvent.parse(line);
        if (e == null) {
          skipped++;
        } else {
          events.add(e);
        }
      }
      if (skipped > 0) {
        err.println(
            metrics
                + ": "
                + skipped
                + " line(s) are not metric events (schema 1, name, timestamp)"
                + " and were skipped.");
      }
      List<Notification> transitions = AlertReplay.run(r.rules(), events);
      transitions.forEach(n -> out.println(n.transitionLine()));
      int code = r.errors().isEmpty() ? 0 : 1;
      if (expect != null) {
        ExpectedTransitions expected;
        try {
          expected = ExpectedTransitions.parse(Files.readString(expect, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
          throw new UsageException(expect + ": " + e.getMessage());
        }
        List<String> diffs = expected.differences(transitions);
        diffs.forEach(err::println);
        out.println(
            diffs.isEmpty()
                ? "As expected: " + transitions.size() + " transition(s)."
                : "NOT as expected: " + diffs.size() + " difference(s).");
        if (!diffs.isEmpty()) {
          code = 1;
        }
      }
      out.flush();
      err.flush();
      return code;
    }
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = {
        "Validate rule files, store the valid rules in the catalog database and publish them to"
            + " the running alert job (rules topic), which applies added and changed rules within"
            + " seconds, keeping the state of unchanged ones. Refused rules are printed as"
            + " file:line: reason and not applied; the others are.",
        "Exit code: 0 when every rule was applied, 1 when some were refused."
      })
  static final class Apply implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin SessionOptions session;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Rule files (YAML).")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<Rule> rules = new ArrayList<>();
      int refused = 0;
      java.util.Map<String, String> seen = new java.util.HashMap<>();
      for (Path file : files) {
        RuleFile.Result r = read(file);
        r.errors().forEach(err::println);
        refused += r.errors().size();
        for (Rule rule : r.rules()) {
          String earlier = seen.putIfAbsent(rule.name(), rule.source());
          if (earlier != null) {
            err.println(
                rule.source()
                    + ": rule '"
                    + rule.name()
                    + "' is defined twice (first at "
                    + earlier
                    + ")");
            refused++;
          } else {
            rules.add(rule);
          }
        }
      }
      err.flush();
      AlertRules target = new AlertRules(session.configuration());
      if (!rules.isEmpty()) {
        target.apply(rules);
      }
      for (Rule r : rules) {
        out.println(
            "applied " + r.name() + (r.enabled() ? "" : " (disabled)") + "  (" + r.source() + ")");
      }
      out.println(
          rules.size()
              + " rule(s) applied to topic "
              + target.topic()
              + (refused == 0 ? "" : ", " + refused + " refused"));
      out.flush();
      return refused == 0 ? 0 : 1;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "The rules stored in the catalog database by 'alert apply'.")
  static final class ListRules implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin SessionOptions session;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (AlertRuleStore store = new AlertRules(session.configuration()).store()) {
        List<AlertRuleStore.StoredRule> rules = store.list();
        if (rules.isEmpty()) {
          out.println("No alert rules applied yet.");
        }
        for (AlertRuleStore.StoredRule r : rules) {
          Rule rule = RuleFile.fromDefinition(r.definition(), r.source());
          out.printf(
              "%-32s %-8s %-9s %-24s %s  (%s, %s)%n",
              r.name(),
              r.enabled() ? "enabled" : "disabled",
              rule.severity(),
              rule.schedule(),
              rule.condition(),
              r.source(),
              java.time.Instant.ofEpochMilli(r.updatedAt()));
        }
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Delete a rule from the catalog database and from the running alert job (what it had"
            + " firing resolves).",
        "Exit code: 0, 1 when no rule has that name."
      })
  static final class Delete implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin SessionOptions session;

    @Parameters(paramLabel = "NAME", description = "The rule's name.")
    String name;

    @Override
    public Integer call() throws Exception {
      if (!new AlertRules(session.configuration()).delete(name)) {
        spec.commandLine()
            .getErr()
            .println("No alert rule named '" + name + "' (see 'alert list').");
        spec.commandLine().getErr().flush();
        return 1;
      }
      spec.commandLine().getOut().println("deleted " + name);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Run the alert job, in this process (--target local, the default) or on a running"
            + " cluster (--target remote --rest host:port, with its code and libraries sent"
            + " along): it reads the metric topic and the rules topic and sends notifications to"
            + " the channels the rules name (streamkit.alerting.* options). Prints the job id.",
        "Exit code: 0 when stopped (or submitted, with --detached), 1 when the job failed."
      })
  static final class Run implements Callable<Integer> {
    /**
     * Classes of the alert job and of the libraries it needs that a Flink cluster's own {@code
     * lib/} does not have: their jars go to a remote cluster with the job.
     */
    private static final String[] JOB_CLASSES = {
      "io.streamkit.alerting.flink.AlertJob",
      "org.apache.flink.connector.kafka.source.KafkaSource",
      "org.apache.flink.connector.base.source.reader.SourceReaderBase",
      "org.apache.kafka.clients.producer.KafkaProducer",
      "com.fasterxml.jackson.databind.ObjectMapper",
      "com.fasterxml.jackson.core.JsonFactory",
      "com.fasterxml.jackson.annotation.JsonProperty",
      "com.fasterxml.jackson.dataformat.yaml.YAMLFactory",
      "org.yaml.snakeyaml.Yaml",
      "org.quartz.CronExpression"
    };

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin SessionOptions session;

    @Mixin JobTarget target;

    @Override
    public Integer call() throws Exception {
      org.apache.flink.configuration.Configuration conf = session.configuration();
      target.configure(conf);
      if (!target.local()) {
        java.util.List<Path> shipped = CodeJars.containing(JOB_CLASSES);
        JobTarget.addJars(conf, shipped);
        spec.commandLine()
            .getErr()
            .println(
                "Sending with the job: "
                    + String.join(
                        ", ", shipped.stream().map(p -> p.getFileName().toString()).toList()));
      }
      // Not getExecutionEnvironment(conf): outside a Flink client that is always a local one.
      org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env =
          new org.apache.flink.streaming.api.environment.StreamExecutionEnvironment(conf);
      if (env.getCheckpointConfig().getCheckpointInterval() <= 0) {
        env.enableCheckpointing(10_000);
      }
      try {
        io.streamkit.alerting.flink.AlertJob.build(env, conf);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      org.apache.flink.core.execution.JobClient job =
          env.executeAsync(conf.getString("pipeline.name", "streamkit-alerts"));
      out.println("Job ID: " + job.getJobID());
      out.flush();
      if (target.detached) {
        return 0;
      }
      spec.commandLine()
          .getErr()
          .println(
              target.local()
                  ? "Alert job running; stop it with Ctrl-C."
                  : "Alert job running on "
                      + target.rest
                      + "; Ctrl-C leaves it running there (stop it with `flink cancel "
                      + job.getJobID()
                      + "` or the web UI).");
      spec.commandLine().getErr().flush();
      job.getJobExecutionResult().get();
      return 0;
    }
  }
}
