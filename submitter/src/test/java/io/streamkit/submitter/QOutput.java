package io.streamkit.submitter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a statement printed, or is expected to print, reduced to what the comparison looks at: a
 * table becomes its cell values (borders and padding differ between Flink's client and our CLI), a
 * text its lines without trailing blanks. Flink's "OK" result table, which the client prints for
 * DDL, stands for "nothing printed" (our CLI prints no result for DDL).
 */
record QOutput(List<List<String>> rows, List<String> text, boolean jobSubmitted) {
  private static final Pattern FOOTER =
      Pattern.compile("(\\d+ rows? in set|Empty set|Received a total of \\d+ rows?)");
  // The JSON plan's node ids and operator ids differ from run to run; Flink's tests drop them too.
  private static final Pattern JSON_ID = Pattern.compile("\"id\" : \\d+");
  private static final Pattern OPERATOR_ID = Pattern.compile("\\[\\d+]");

  static final QOutput NOTHING = new QOutput(null, List.of(), false);

  boolean isTable() {
    return rows != null;
  }

  static QOutput of(List<String> lines) {
    List<String> kept = new ArrayList<>();
    for (String l : lines) {
      kept.add(l.stripTrailing());
    }
    while (!kept.isEmpty() && kept.get(0).isBlank()) {
      kept.remove(0);
    }
    while (!kept.isEmpty() && kept.get(kept.size() - 1).isBlank()) {
      kept.remove(kept.size() - 1);
    }
    if (kept.isEmpty()) {
      return NOTHING;
    }
    if (kept.stream().anyMatch(l -> l.startsWith("Job ID:"))) {
      return new QOutput(null, List.of(), true);
    }
    if (kept.size() == 1 && kept.get(0).equals("Empty set")) {
      return new QOutput(List.of(), List.of(), false);
    }
    if (kept.get(0).startsWith("+-") && kept.size() > 1 && kept.get(1).startsWith("|")) {
      List<List<String>> rows = new ArrayList<>();
      for (String l : kept) {
        if (l.startsWith("|")) {
          String inner = l.substring(1, l.endsWith("|") ? l.length() - 1 : l.length());
          rows.add(Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList());
        } else if (!l.startsWith("+-") && !FOOTER.matcher(l.strip()).matches()) {
          return text(kept); // not a plain table after all
        }
      }
      if (rows.equals(List.of(List.of("result"), List.of("OK")))) {
        return NOTHING;
      }
      return new QOutput(rows, List.of(), false);
    }
    return text(kept);
  }

  private static QOutput text(List<String> lines) {
    List<String> text = new ArrayList<>();
    for (String l : lines) {
      text.add(OPERATOR_ID.matcher(JSON_ID.matcher(l).replaceAll("\"id\" : ")).replaceAll("[]"));
    }
    return new QOutput(null, text, false);
  }

  /** Null when {@code actual} meets this expectation under {@code command}, else why not. */
  String mismatch(QOutput actual, String command) {
    if (jobSubmitted) {
      return actual.jobSubmitted ? null : "expected a job to be submitted ('Job ID: ...')";
    }
    if (command.equals("!includes") || command.equals("!excludes")) {
      if (!isTable() || !actual.isTable() || rows.isEmpty() || actual.rows.isEmpty()) {
        return "expected a table with a header row";
      }
      if (!rows.get(0).equals(actual.rows.get(0))) {
        return "header " + actual.rows.get(0) + " instead of " + rows.get(0);
      }
      List<List<String>> data = actual.rows.subList(1, actual.rows.size());
      for (List<String> row : rows.subList(1, rows.size())) {
        if (command.equals("!includes") != data.contains(row)) {
          return (command.equals("!includes") ? "missing row " : "unexpected row ") + row;
        }
      }
      return null;
    }
    if (isTable() && !rows.isEmpty() && actual.isTable() && actual.rows.isEmpty()) {
      return "printed 'Empty set' instead of rows " + rows;
    }
    return equals(actual) ? null : "printed something else";
  }

  String describe() {
    if (jobSubmitted) {
      return "Job ID: ...";
    }
    if (isTable()) {
      return rows.isEmpty()
          ? "Empty set"
          : String.join("\n", rows.stream().map(String::valueOf).toList());
    }
    return text.isEmpty() ? "(nothing)" : String.join("\n", text);
  }
}
