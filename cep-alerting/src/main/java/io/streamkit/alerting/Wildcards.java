package io.streamkit.alerting;

/** Glob matching of dimension values and metric names: {@code *} any run, {@code ?} one char. */
final class Wildcards {
  private Wildcards() {}

  static boolean matches(String pattern, String value) {
    if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
      return pattern.equals(value);
    }
    return matches(pattern, 0, value, 0);
  }

  /** Whether the pattern is a plain value, so an index can look it up exactly. */
  static boolean isLiteral(String pattern) {
    return pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
  }

  private static boolean matches(String p, int pi, String v, int vi) {
    int star = -1;
    int mark = 0;
    while (vi < v.length()) {
      if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == v.charAt(vi))) {
        pi++;
        vi++;
      } else if (pi < p.length() && p.charAt(pi) == '*') {
        star = pi++;
        mark = vi;
      } else if (star >= 0) {
        pi = star + 1;
        vi = ++mark;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }
}
