package io.streamkit.submitter;

/** Wrong flags, configuration or files: reported as one line and exit code 2, no stack trace. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
