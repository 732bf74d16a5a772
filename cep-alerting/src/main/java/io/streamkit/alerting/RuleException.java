package io.streamkit.alerting;

/** A rule document that cannot be used, with the line it was found at. */
final class RuleException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int line;

  RuleException(int line, String message) {
    super(message);
    this.line = line;
  }

  int line() {
    return line;
  }
}
