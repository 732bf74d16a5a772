package io.streamkit.submitter.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Sample mobile SDK events like those of seed 004 (OPPO's unified reporting channel): JSON lines
 * with a {@code system_id} and an {@code event_info} map carrying the {@code eventTag}. Knows how
 * many events each ETL output should receive.
 */
final class DemoEvents {
  private static final String[] SYSTEM_IDS = {"2", "1000", "2007", "2007", "2007", "3001"};
  private static final String[] EVENT_TAGS = {"10001", "10012", "10006", "10099"};

  /** The four outputs of the seed's real-time ETL (figure 21) and which events each receives. */
  static final Map<String, Predicate<Event>> OUTPUTS = new LinkedHashMap<>();

  /** The dimension table dw.dim_app: the app behind each system id (3001 has none). */
  static final Map<String, String> APPS = Map.of("2", "cdo", "1000", "cdo-lite", "2007", "browser");

  static {
    OUTPUTS.put("sdk_log_cdo", e -> e.systemId.equals("2") || e.systemId.equals("1000"));
    OUTPUTS.put(
        "sdk_log_browser_client", e -> e.systemId.equals("2007") && e.eventTag.equals("10001"));
    OUTPUTS.put(
        "sdk_log_browser_feeds", e -> e.systemId.equals("2007") && e.eventTag.equals("10012"));
    OUTPUTS.put(
        "sdk_log_browser_search", e -> e.systemId.equals("2007") && e.eventTag.equals("10006"));
    OUTPUTS.put("sdk_log_enriched", e -> APPS.containsKey(e.systemId));
  }

  record Event(long id, String systemId, String eventTag, String imei, long time) {
    String toJson() {
      return String.format(
          "{\"event_id\":%d,\"system_id\":\"%s\",\"imei\":\"%s\",\"event_time\":%d,"
              + "\"event_info\":{\"eventTag\":\"%s\",\"page\":\"p%d\"}}",
          id, systemId, imei, time, eventTag, id % 7);
    }
  }

  private final List<Event> events;

  private DemoEvents(List<Event> events) {
    this.events = events;
  }

  /**
   * {@code count} events that happened on the phones shortly before {@code nowMs}: each event time
   * lies 0.2 to 2 s before it, the delay of a mobile SDK's report reaching the channel.
   */
  static DemoEvents generate(int count, long seed, long nowMs) {
    Random random = new Random(seed);
    List<Event> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(
          new Event(
              i,
              SYSTEM_IDS[random.nextInt(SYSTEM_IDS.length)],
              EVENT_TAGS[random.nextInt(EVENT_TAGS.length)],
              "86" + (100_000_000L + random.nextInt(900_000_000)),
              nowMs - 200 - random.nextInt(1_800)));
    }
    return new DemoEvents(events);
  }

  List<String> json() {
    return events.stream().map(Event::toJson).toList();
  }

  int size() {
    return events.size();
  }

  /**
   * The ids of events that should be in the enriched output but are not, as ranges ("12-40, 77"),
   * at most ten: tells a lost tail of a partition from scattered losses.
   */
  String missingIds(List<String> enrichedJson) {
    java.util.Set<Long> present = new java.util.HashSet<>();
    java.util.regex.Pattern id = java.util.regex.Pattern.compile("\"event_id\":(\\d+)");
    for (String record : enrichedJson) {
      java.util.regex.Matcher m = id.matcher(record);
      if (m.find()) {
        present.add(Long.parseLong(m.group(1)));
      }
    }
    List<String> ranges = new ArrayList<>();
    long start = -1;
    long previous = -2;
    for (Event e : events) {
      if (!OUTPUTS.get("sdk_log_enriched").test(e) || present.contains(e.id)) {
        continue;
      }
      if (e.id != previous + 1 && start >= 0 && !onlySkippedBetween(previous, e.id)) {
        ranges.add(start == previous ? "" + start : start + "-" + previous);
        start = e.id;
      } else if (start < 0) {
        start = e.id;
      }
      previous = e.id;
    }
    if (start >= 0) {
      ranges.add(start == previous ? "" + start : start + "-" + previous);
    }
    return ranges.isEmpty()
        ? "none"
        : String.join(", ", ranges.subList(0, Math.min(10, ranges.size())))
            + (ranges.size() > 10 ? " and " + (ranges.size() - 10) + " more ranges" : "");
  }

  /** Whether every event strictly between two missing ids is one the enriched output skips. */
  private boolean onlySkippedBetween(long previous, long next) {
    for (long i = previous + 1; i < next; i++) {
      if (OUTPUTS.get("sdk_log_enriched").test(events.get((int) i))) {
        return false;
      }
    }
    return true;
  }

  long expected(String output) {
    return events.stream().filter(OUTPUTS.get(output)).count();
  }
}
