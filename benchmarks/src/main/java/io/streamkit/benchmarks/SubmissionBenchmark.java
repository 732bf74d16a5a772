package io.streamkit.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamkit.submitter.StreamkitCli;
import io.streamkit.testkit.FlinkCluster;
import io.streamkit.testkit.FreePorts;
import io.streamkit.testkit.Kafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.gateway.SqlGateway;
import org.apache.flink.table.gateway.service.context.DefaultContext;
import org.apache.flink.table.gateway.service.session.SessionManager;

/**
 * Issue 17's submission benchmark: the demo's first job (the unified SDK channel split by system
 * and tag into four topics, one statement set; Kafka in and out) from script to a RUNNING job on
 * one cluster (a MiniCluster behind REST), through {@code bin/streamkit sql run --target remote
 * --detached} (in this JVM, as the CLI runs it: whole-script validation, the catalog on H2, the job
 * record, the cluster's lib/ check) and through Flink's SQL Gateway 2.2.0 (in this JVM, REST v2: a
 * session, one statement at a time, as the SQL client in gateway mode sends a script). Both warm,
 * interleaved, the job cancelled after each trial. Target: within 1.2x of the gateway.
 *
 * <p>Arguments: [rounds].
 */
public final class SubmissionBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private SubmissionBenchmark() {}

  static List<String> script(String bootstrap) {
    List<String> statements = new ArrayList<>();
    statements.add(
        "CREATE TEMPORARY TABLE sdk_log (event_id BIGINT, system_id STRING, imei STRING,"
            + " event_tag STRING, event_time BIGINT, event_info MAP<STRING, STRING>) WITH"
            + " ('connector' = 'kafka', 'topic' = 'sdk_log', 'properties.bootstrap.servers' = '"
            + bootstrap
            + "', 'properties.group.id' = 'etl', 'scan.startup.mode' = 'earliest-offset',"
            + " 'format' = 'json')");
    String[] sinks = {"cdo", "browser_client", "browser_feeds", "browser_search"};
    for (String sink : sinks) {
      statements.add(
          "CREATE TEMPORARY TABLE sdk_log_"
              + sink
              + " (event_id BIGINT, system_id STRING, imei STRING, event_time BIGINT, event_info"
              + " MAP<STRING, STRING>) WITH ('connector' = 'kafka', 'topic' = 'sdk_log_"
              + sink
              + "', 'properties.bootstrap.servers' = '"
              + bootstrap
              + "', 'format' = 'json')");
    }
    StringBuilder set = new StringBuilder("EXECUTE STATEMENT SET BEGIN\n");
    set.append(
        "INSERT INTO sdk_log_cdo SELECT event_id, system_id, imei, event_time, event_info FROM"
            + " sdk_log WHERE system_id = 'cdo';\n");
    for (String tag : new String[] {"client", "feeds", "search"}) {
      set.append("INSERT INTO sdk_log_browser_")
          .append(tag)
          .append(
              " SELECT event_id, system_id, imei, event_time, event_info FROM sdk_log WHERE"
                  + " system_id = 'browser' AND event_tag = '")
          .append(tag)
          .append("';\n");
    }
    statements.add(set.append("END").toString());
    return statements;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path dir = Files.createTempDirectory("submission-");
    Kafka kafka = new Kafka();
    FlinkCluster flink = new FlinkCluster(4);
    SqlGateway gateway = null;
    try {
      kafka.start();
      flink.start();
      kafka.createTopics(
          List.of(
              "sdk_log",
              "sdk_log_cdo",
              "sdk_log_browser_client",
              "sdk_log_browser_feeds",
              "sdk_log_browser_search"),
          1);
      List<String> statements = script(kafka.bootstrapServers());
      Path file = dir.resolve("realtime-etl-split.sql");
      Files.writeString(file, String.join(";\n", statements) + ";\n");

      int gatewayPort = FreePorts.next();
      Configuration conf = new Configuration();
      conf.setString("execution.target", "remote");
      conf.setString("rest.address", flink.restAddress().getHost());
      conf.setString("rest.port", String.valueOf(flink.restAddress().getPort()));
      conf.setString("sql-gateway.endpoint.rest.address", "127.0.0.1");
      conf.setString("sql-gateway.endpoint.rest.bind-address", "127.0.0.1");
      conf.setString("sql-gateway.endpoint.rest.port", String.valueOf(gatewayPort));
      gateway = new SqlGateway(conf, SessionManager.create(new DefaultContext(conf, List.of())));
      gateway.start();
      String gatewayUrl = "http://127.0.0.1:" + gatewayPort;
      String cluster = "http://" + flink.restHostPort();

      Map<String, Rounds.Trial<Double>> trials = new LinkedHashMap<>();
      String rest = flink.restHostPort();
      Path catalog = dir.resolve("catalog");
      trials.put(
          "streamkit sql run",
          round -> toRunning(cluster, () -> streamkit(file, rest, catalog, false)));
      trials.put(
          "streamkit, no validation",
          round -> toRunning(cluster, () -> streamkit(file, rest, catalog, true)));
      trials.put(
          "SQL Gateway", round -> toRunning(cluster, () -> viaGateway(gatewayUrl, statements)));
      Map<String, List<Double>> results = Rounds.interleaved(rounds, trials);
      System.out.printf(
          "%nScript (6 statements, one job of 4 INSERTs) to RUNNING, %d rounds after a warm-up"
              + " (min / median / max, seconds):%n",
          rounds);
      results.forEach(
          (name, times) ->
              System.out.printf("  %-26s %s%n", name, Rounds.spread(times, t -> t, "%5.2f")));
      System.out.printf(
          "submission: streamkit / SQL Gateway (median seconds) = %s%n",
          Rounds.ratio(results.get("streamkit sql run"), results.get("SQL Gateway"), t -> t));
    } finally {
      if (gateway != null) {
        gateway.stop();
      }
      flink.close();
      kafka.close();
    }
  }

  /** Seconds from the submission's start to its job RUNNING; the job is cancelled after. */
  private static double toRunning(String cluster, java.util.concurrent.Callable<String> submit)
      throws Exception {
    long start = System.nanoTime();
    String job = submit.call();
    awaitRunning(cluster, job);
    double seconds = (System.nanoTime() - start) / 1e9;
    cancel(cluster, job);
    return seconds;
  }

  private static String streamkit(Path script, String rest, Path catalog, boolean skipValidation) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        StreamkitCli.execute(
            new String[] {
              "sql",
              "run",
              "--target",
              "remote",
              "--rest",
              rest,
              "--detached",
              "-D",
              "streamkit.catalog.url=jdbc:h2:file:" + catalog.toAbsolutePath(),
              "-D",
              "streamkit.sql.validate-before-run=" + !skipValidation,
              script.toString()
            },
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    Matcher id = Pattern.compile("Job ID: ([0-9a-f]{32})").matcher(out.toString());
    if (code != 0 || !id.find()) {
      throw new IllegalStateException("sql run failed: " + out + err);
    }
    return id.group(1);
  }

  /** The SQL client's gateway mode: one session, each statement in turn, its result fetched. */
  private static String viaGateway(String gateway, List<String> statements) throws Exception {
    String session =
        post(gateway + "/v2/sessions", "{\"properties\": {}}").path("sessionHandle").asText();
    String job = null;
    try {
      for (String statement : statements) {
        String operation =
            post(
                    gateway + "/v2/sessions/" + session + "/statements",
                    JSON.writeValueAsString(Map.of("statement", statement)))
                .path("operationHandle")
                .asText();
        JsonNode result;
        do {
          result =
              get(
                  gateway
                      + "/v2/sessions/"
                      + session
                      + "/operations/"
                      + operation
                      + "/result/0?rowFormat=JSON");
          if (result.path("resultType").asText().equals("NOT_READY")) {
            Thread.sleep(10);
          }
        } while (result.path("resultType").asText().equals("NOT_READY"));
        if (result.hasNonNull("jobID")) {
          job = result.path("jobID").asText();
        }
      }
    } finally {
      HTTP.send(
          HttpRequest.newBuilder(URI.create(gateway + "/v2/sessions/" + session)).DELETE().build(),
          HttpResponse.BodyHandlers.discarding());
    }
    if (job == null) {
      throw new IllegalStateException("the gateway reported no job id");
    }
    return job;
  }

  private static void awaitRunning(String cluster, String job) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      String state = get(cluster + "/jobs/" + job).path("state").asText();
      if (state.equals("RUNNING")) {
        return;
      }
      if (state.equals("FAILED")) {
        throw new IllegalStateException("job " + job + " failed");
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("job " + job + " not RUNNING within 60 s");
  }

  private static void cancel(String cluster, String job) throws Exception {
    HTTP.send(
        HttpRequest.newBuilder(URI.create(cluster + "/jobs/" + job + "?mode=cancel"))
            .method("PATCH", HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline
        && !get(cluster + "/jobs/" + job).path("state").asText().equals("CANCELED")) {
      Thread.sleep(20);
    }
  }

  private static JsonNode post(String url, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          url + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          url + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }
}
