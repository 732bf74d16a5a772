package io.streamkit.submitter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The SLA report as text for a terminal, JSON (schema 1) for tools, and one HTML page. */
final class ReportFormats {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private ReportFormats() {}

  static String text(List<LatencyReport.Chain> chains, String since) {
    StringBuilder s = new StringBuilder();
    s.append("Latency SLA report, last ")
        .append(since)
        .append(", end to end (origin -> visible)\n");
    if (chains.isEmpty()) {
      s.append(
          "No latency windows found: run jobs with streamkit.latency.enabled and the metric"
              + " reporter, and wait one streamkit.latency.interval.\n");
    }
    for (LatencyReport.Chain c : chains) {
      s.append('\n').append(c.chain()).append('\n');
      s.append(
          String.format(
              Locale.ROOT,
              "  tolerance %s   records %,d   p50 %,d ms   p99 %,d ms   max %,d ms   over"
                  + " tolerance %s%n",
              c.toleranceMs() == null ? "none" : String.format("%,d ms", c.toleranceMs()),
              c.count(),
              c.p50(),
              c.p99(),
              c.max(),
              c.toleranceMs() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f%%", 100 * c.overTolerance())));
      if (c.slowestJob() != null) {
        s.append(
            String.format(
                "  slowest hop: job %s adds %,d ms at p50%n", c.slowestJob(), c.slowestAddsMs()));
      }
      if (c.toleranceMs() != null) {
        s.append(
            c.breaches().isEmpty()
                ? "  breaches: none\n"
                : "  breaches (windows with p99 over tolerance): " + c.breaches().size() + "\n");
        for (LatencyReport.Point p : c.breaches()) {
          s.append(
              String.format(
                  "    %s  p99 %,d ms  max %,d ms%n",
                  TIME.format(Instant.ofEpochMilli(p.start())), p.p99(), p.max()));
        }
      }
    }
    return s.toString();
  }

  static String json(List<LatencyReport.Chain> chains, String since) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", 1);
    root.put("since", since);
    root.put("chains", chains);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
          + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One self-contained page: a chart per chain (p50 and p99 per window, tolerance line). */
  static String html(List<LatencyReport.Chain> chains, String since) {
    StringBuilder s = new StringBuilder();
    s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>streamkit latency SLA report</title><style>")
        .append("body{font-family:sans-serif;margin:2em;color:#222}")
        .append("section{margin-bottom:2em}.breach{color:#b00020;font-weight:bold}")
        .append(".ok{color:#1b7f3b;font-weight:bold}td,th{padding:2px 10px;text-align:right}")
        .append("</style></head><body>\n<h1>Latency SLA report</h1>\n<p>Last ")
        .append(escape(since))
        .append(", end to end (origin to visible), merged over every subtask.</p>\n");
    int n = 0;
    for (LatencyReport.Chain c : chains) {
      n++;
      boolean breached = !c.breaches().isEmpty();
      s.append("<section class=\"chain\" id=\"chain-")
          .append(n)
          .append("\"><h2>")
          .append(escape(c.chain()))
          .append("</h2>\n<p class=\"")
          .append(c.toleranceMs() == null ? "" : breached ? "breach" : "ok")
          .append("\">")
          .append(
              c.toleranceMs() == null
                  ? "no tolerance set"
                  : breached
                      ? c.breaches().size() + " window(s) over the tolerance"
                      : "within tolerance")
          .append("</p>\n<table><tr><th>tolerance</th><th>records</th><th>p50</th><th>p99</th>")
          .append("<th>max</th><th>over tolerance</th><th>slowest hop</th></tr><tr><td>")
          .append(c.toleranceMs() == null ? "-" : c.toleranceMs() + " ms")
          .append("</td><td>")
          .append(c.count())
          .append("</td><td>")
          .append(c.p50())
          .append(" ms</td><td>")
          .append(c.p99())
          .append(" ms</td><td>")
          .append(c.max())
          .append(" ms</td><td>")
          .append(
              c.toleranceMs() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f%%", 100 * c.overTolerance()))
          .append("</td><td>")
          .append(
              c.slowestJob() == null
                  ? "-"
                  : escape(c.slowestJob()) + " (+" + c.slowestAddsMs() + " ms)")
          .append("</td></tr></table>\n");
      s.append(chart(c)).append("</section>\n");
    }
    if (chains.isEmpty()) {
      s.append("<p>No latency windows found.</p>\n");
    }
    // Marks the page with the charts the browser actually laid out (a test opens it in Chromium).
    s.append("<script>document.body.dataset.chartsDrawn = Array.from(")
        .append("document.querySelectorAll('svg.chart polyline.p99'))")
        .append(".filter(l => l.getBBox().width > 0 || l.points.length > 0).length;</script>\n");
    return s.append("</body></html>\n").toString();
  }

  private static String chart(LatencyReport.Chain c) {
    int w = 720;
    int h = 240;
    int pad = 40;
    List<LatencyReport.Point> pts = c.series();
    long top = Math.max(1, c.toleranceMs() == null ? 0 : c.toleranceMs() * 5 / 4);
    for (LatencyReport.Point p : pts) {
      top = Math.max(top, p.p99());
    }
    long first = pts.isEmpty() ? 0 : pts.get(0).start();
    long last = pts.isEmpty() ? 1 : Math.max(first + 1, pts.get(pts.size() - 1).start());
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"chart\" width=\"")
        .append(w)
        .append("\" height=\"")
        .append(h)
        .append("\" viewBox=\"0 0 ")
        .append(w)
        .append(' ')
        .append(h)
        .append("\" role=\"img\" aria-label=\"latency over time\">")
        .append("<rect x=\"0\" y=\"0\" width=\"")
        .append(w)
        .append("\" height=\"")
        .append(h)
        .append("\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
    String p50 = polyline(pts, true, first, last, top, w, h, pad);
    String p99 = polyline(pts, false, first, last, top, w, h, pad);
    s.append(
            "<polyline class=\"p99\" fill=\"none\" stroke=\"#d9480f\" stroke-width=\"2\" points=\"")
        .append(p99)
        .append("\"/>");
    s.append(
            "<polyline class=\"p50\" fill=\"none\" stroke=\"#1864ab\" stroke-width=\"2\" points=\"")
        .append(p50)
        .append("\"/>");
    if (c.toleranceMs() != null) {
      double y = y(c.toleranceMs(), top, h, pad);
      s.append("<line class=\"tolerance\" x1=\"")
          .append(pad)
          .append("\" x2=\"")
          .append(w - pad)
          .append("\" y1=\"")
          .append(y)
          .append("\" y2=\"")
          .append(y)
          .append("\" stroke=\"#b00020\" stroke-dasharray=\"6 4\"/>")
          .append("<text x=\"")
          .append(w - pad)
          .append("\" y=\"")
          .append(y - 4)
          .append("\" text-anchor=\"end\" font-size=\"11\" fill=\"#b00020\">tolerance ")
          .append(c.toleranceMs())
          .append(" ms</text>");
    }
    s.append("<text x=\"")
        .append(pad)
        .append("\" y=\"16\" font-size=\"11\">")
        .append("p50 (blue), p99 (orange), ms; max ")
        .append(top)
        .append(" ms</text>");
    return s.append("</svg>\n").toString();
  }

  private static String polyline(
      List<LatencyReport.Point> pts,
      boolean median,
      long first,
      long last,
      long top,
      int w,
      int h,
      int pad) {
    StringBuilder s = new StringBuilder();
    for (LatencyReport.Point p : pts) {
      double x = pad + (w - 2.0 * pad) * (p.start() - first) / (double) (last - first);
      s.append(
          String.format(Locale.ROOT, "%.1f,%.1f ", x, y(median ? p.p50() : p.p99(), top, h, pad)));
    }
    return s.toString().trim();
  }

  private static double y(long value, long top, int h, int pad) {
    return h - pad - (h - 2.0 * pad) * value / (double) top;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
