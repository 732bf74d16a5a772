package io.streamkit.catalog;

import io.streamkit.jdbc.JdbcUrls;
import java.time.Duration;
import java.util.Objects;

/** Where the metadata database is and how to reach it. Shared by the catalog and the store. */
record JdbcSettings(
    String url, String username, String password, Duration connectionTimeout, int maxPoolSize) {

  JdbcSettings {
    Objects.requireNonNull(url, "url");
  }

  /** The URL with its secrets hidden, fit for messages and logs. */
  String redactedUrl() {
    return JdbcUrls.redact(url);
  }

  @Override
  public String toString() {
    return "JdbcSettings{url=" + redactedUrl() + ", username=" + username + "}";
  }
}
