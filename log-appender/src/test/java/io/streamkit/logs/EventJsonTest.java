package io.streamkit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.Test;

class EventJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String AWKWARD =
      "quote \" back \\ nl \n tab \t nul \u0000 esc \u001b é 日本 😀 /";

  @Test
  void everyFieldSurvivesEscapingAndParsesBack() throws Exception {
    Map<String, String> properties = new HashMap<>();
    properties.put("STREAMKIT_JOB_NAME", "etl \"nightly\"");
    EventJson json =
        new EventJson("inst-1", "host\t1", new JobTags(Map.of("USER", "ana"), properties::get));
    SortedArrayStringMap mdc = new SortedArrayStringMap();
    mdc.putValue("flink-job-id", "j\"1");
    mdc.putValue("k\n", AWKWARD);
    LogEvent event =
        Log4jLogEvent.newBuilder()
            .setLoggerName("a.b.C" + AWKWARD)
            .setLevel(Level.WARN)
            .setThreadName("Source: kafka (1/2)#0 " + AWKWARD)
            .setTimeMillis(1_763_798_400_000L)
            .setMessage(new ParameterizedMessage("order {} by {}", 42, AWKWARD))
            .setThrown(new IllegalStateException("boom " + AWKWARD))
            .setContextData(mdc)
            .build();

    JsonNode line = MAPPER.readTree(json.format(event, 7));

    assertThat(line.get("schema").asInt()).isEqualTo(1);
    assertThat(line.get("id").asText()).isEqualTo("inst-1-7");
    assertThat(line.get("timestamp").asLong()).isEqualTo(1_763_798_400_000L);
    assertThat(line.get("level").asText()).isEqualTo("WARN");
    assertThat(line.get("logger").asText()).isEqualTo("a.b.C" + AWKWARD);
    assertThat(line.get("thread").asText()).isEqualTo("Source: kafka (1/2)#0 " + AWKWARD);
    assertThat(line.get("message").asText()).isEqualTo("order 42 by " + AWKWARD);
    assertThat(line.get("stacktrace").asText())
        .startsWith("java.lang.IllegalStateException: boom " + AWKWARD)
        .contains("\tat io.streamkit.logs.EventJsonTest");
    assertThat(line.get("mdc").get("flink-job-id").asText()).isEqualTo("j\"1");
    assertThat(line.get("mdc").get("k\n").asText()).isEqualTo(AWKWARD);
    assertThat(line.get("host").asText()).isEqualTo("host\t1");
    assertThat(line.get("tags").get("job_name").asText()).isEqualTo("etl \"nightly\"");
    assertThat(line.get("tags").get("owner").asText()).isEqualTo("ana");
  }

  @Test
  void aChangedTagIsInTheNextLineAndOptionalFieldsAreLeftOut() throws Exception {
    Map<String, String> properties = new HashMap<>();
    properties.put("STREAMKIT_JOB_NAME", "first");
    EventJson json = new EventJson("i", "h", new JobTags(Map.of(), properties::get));
    LogEvent event =
        Log4jLogEvent.newBuilder()
            .setLoggerName("l")
            .setLevel(Level.INFO)
            .setThreadName("t")
            .setMessage(new SimpleMessage("plain"))
            .build();

    JsonNode first = MAPPER.readTree(json.format(event, 1));
    properties.put("STREAMKIT_JOB_NAME", "second");
    properties.put("STREAMKIT_JOB_ID", "id-2");
    JsonNode second = MAPPER.readTree(json.format(event, 2));
    properties.remove("STREAMKIT_JOB_ID");
    JsonNode third = MAPPER.readTree(json.format(event, 3));

    assertThat(first.has("stacktrace")).isFalse();
    assertThat(first.has("mdc")).isFalse();
    assertThat(first.get("message").asText()).isEqualTo("plain");
    assertThat(first.get("tags").toString()).isEqualTo("{\"job_name\":\"first\"}");
    assertThat(second.get("tags").toString())
        .isEqualTo("{\"job_name\":\"second\",\"job_id\":\"id-2\"}");
    assertThat(third.get("tags").toString()).isEqualTo("{\"job_name\":\"second\"}");
  }
}
