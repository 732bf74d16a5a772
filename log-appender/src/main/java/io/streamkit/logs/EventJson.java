package io.streamkit.logs;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.StringBuilderFormattable;
import org.apache.logging.log4j.util.TriConsumer;

/**
 * Formats a log event as one JSON line (schema 1) into a per-thread reusable buffer. The constant
 * part after the event fields ({@code host} and {@code tags}) is rendered once and again only when
 * a tag changes; the message is formatted straight into the buffer when Log4j2 allows it. One
 * String per event is allocated: the line itself.
 */
final class EventJson {
  private static final int MAX_KEPT_CAPACITY = 64 * 1024;
  private static final TriConsumer<String, Object, StringBuilder> MDC_FIELD =
      (key, value, out) -> {
        out.append(out.charAt(out.length() - 1) == '{' ? "\"" : ",\"");
        escape(key, out);
        out.append("\":\"");
        escape(String.valueOf(value), out);
        out.append('"');
      };

  private final String idPrefix;
  private final String host;
  private final JobTags tags;
  private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);
  private volatile Suffix suffix;

  EventJson(String instanceId, String host, JobTags tags) {
    StringBuilder prefix = new StringBuilder("{\"schema\":").append(StreamkitKafkaAppender.SCHEMA);
    prefix.append(",\"id\":\"");
    escape(instanceId, prefix);
    this.idPrefix = prefix.append('-').toString();
    this.host = host;
    this.tags = tags;
  }

  String format(LogEvent event, long sequence) {
    Buffers b = buffers.get();
    StringBuilder out = b.line;
    out.setLength(0);
    out.append(idPrefix).append(sequence).append("\",\"timestamp\":").append(event.getTimeMillis());
    out.append(",\"level\":\"").append(event.getLevel().name());
    out.append("\",\"logger\":\"");
    escape(event.getLoggerName(), out);
    out.append("\",\"thread\":\"");
    escape(event.getThreadName(), out);
    out.append("\",\"message\":\"");
    Message message = event.getMessage();
    if (message instanceof StringBuilderFormattable formattable) {
      StringBuilder text = b.message;
      text.setLength(0);
      formattable.formatTo(text);
      escape(text, out);
      trim(text, b, false);
    } else {
      escape(message.getFormattedMessage(), out);
    }
    out.append('"');
    if (event.getThrown() != null) {
      StringWriter trace = new StringWriter();
      event.getThrown().printStackTrace(new PrintWriter(trace));
      out.append(",\"stacktrace\":\"");
      escape(trace.toString(), out);
      out.append('"');
    }
    ReadOnlyStringMap mdc = event.getContextData();
    if (mdc != null && !mdc.isEmpty()) {
      out.append(",\"mdc\":{");
      mdc.forEach(MDC_FIELD, out);
      out.append('}');
    }
    out.append(suffix());
    String line = out.toString();
    trim(out, b, true);
    return line;
  }

  /** {@code ,"host":...,"tags":{...}}}: rebuilt only when the tags map changed. */
  private String suffix() {
    Map<String, String> current = tags.current();
    Suffix last = suffix;
    if (last != null && last.tags == current) {
      return last.json;
    }
    StringBuilder json = new StringBuilder(",\"host\":\"");
    escape(host, json);
    json.append("\",\"tags\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : current.entrySet()) {
      json.append(first ? "\"" : ",\"");
      first = false;
      escape(e.getKey(), json);
      json.append("\":\"");
      escape(e.getValue(), json);
      json.append('"');
    }
    json.append("}}");
    Suffix next = new Suffix(current, json.toString());
    suffix = next;
    return next.json;
  }

  /** A huge line (a long stack trace) must not pin its buffer for the life of the thread. */
  private static void trim(StringBuilder used, Buffers b, boolean line) {
    if (used.capacity() > MAX_KEPT_CAPACITY) {
      if (line) {
        b.line = new StringBuilder(512);
      } else {
        b.message = new StringBuilder(256);
      }
    }
  }

  /** JSON string escaping as Jackson does it: quote, backslash and control characters. */
  static void escape(CharSequence s, StringBuilder out) {
    if (s == null) {
      out.append("null"); // a null logger or thread name; keeps the line valid
      return;
    }
    int n = s.length();
    int start = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(s, start, i);
      start = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          out.append("\\u00");
          out.append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
        }
      }
    }
    out.append(s, start, n);
  }

  private static final class Buffers {
    StringBuilder line = new StringBuilder(512);
    StringBuilder message = new StringBuilder(256);
  }

  private record Suffix(Map<String, String> tags, String json) {}
}
