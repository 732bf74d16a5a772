package io.streamkit.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The README's main command: the embedded demo runs the seed's ETL and its per-minute aggregation,
 * every count matches, and the latency report covers the chain of the two jobs.
 */
class DemoITCase {
  @Test
  void demoSplitsAndEnrichesTheUnifiedChannelWithExactCounts() {
    java.io.PrintStream stdout = System.out;
    java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(console, true));
    CliRun run;
    try {
      run = CliRun.of("demo", "--events", "3000");
    } finally {
      System.setOut(stdout);
    }
    // A newcomer sees the demo's own output, not Kafka's storage formatter.
    assertThat(console.toString())
        .doesNotContain("Bootstrap metadata")
        .doesNotContain("Formatting metadata directory");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    // ods.sdk_log is a topic of the attached cluster with a registered schema, not a CREATE TABLE.
    assertThat(run.err()).contains("registered ods.sdk_log, schema version 1, from");
    assertThat(run.out())
        .contains("dw.sdk_log_cdo")
        .contains("dw.sdk_log_browser_client")
        .contains("dw.sdk_log_browser_feeds")
        .contains("dw.sdk_log_browser_search")
        .contains("dw.sdk_log_enriched")
        .contains("Every enriched event carries the app of its system_id")
        .containsPattern("dw.app_events_per_minute +[0-9]+ +[0-9]+ OK")
        .contains(
            "streamkit.ods.sdk_log -[realtime-etl]-> streamkit.dw.sdk_log_enriched"
                + " -[app-events-per-minute]-> streamkit.dw.app_events_per_minute")
        .contains("tolerance 120,000 ms")
        .containsPattern("The chain ending at dw.app_events_per_minute timed all [1-9][0-9]* of")
        .containsPattern("demo_consumer_lag \\{job_name=realtime-etl\\} FIRING [1-9][0-9]*")
        .containsPattern("flink-logs: [1-9][0-9]* events")
        .containsPattern("flink-metrics: [1-9][0-9]* events")
        .contains("\"job_name\":\"realtime-etl\"")
        .doesNotContain("MISMATCH")
        .contains("Demo succeeded");
  }
}
