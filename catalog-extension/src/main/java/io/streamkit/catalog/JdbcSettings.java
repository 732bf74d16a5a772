package io.streamkit.catalog;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/** Where the metadata database is and how to reach it. Shared by the catalog and the store. */
record JdbcSettings(
    String url, String username, String password, Duration connectionTimeout, int maxPoolSize) {

  private static final Pattern SECRET_URL_PARAM =
      Pattern.compile("(?i)((?:password|pwd|secret|token)[^=;&]*=)[^;&]*");

  JdbcSettings {
    Objects.requireNonNull(url, "url");
  }

  /** The URL with password-like parameters replaced, fit for messages and logs. */
  static String redact(String url) {
    return SECRET_URL_PARAM.matcher(url).replaceAll("$1******");
  }

  String redactedUrl() {
    return redact(url);
  }

  @Override
  public String toString() {
    return "JdbcSettings{url=" + redactedUrl() + ", username=" + username + "}";
  }
}
