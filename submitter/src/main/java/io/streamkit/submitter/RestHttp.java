package io.streamkit.submitter;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.runtime.net.SSLUtils;

/**
 * GET requests to a Flink REST endpoint the way Flink's own client makes them: over TLS when {@code
 * security.ssl.rest.enabled} is set, trusting {@code security.ssl.rest.truststore} (and presenting
 * {@code security.ssl.rest.keystore} when the cluster asks for client certificates), through
 * Flink's own {@link SSLUtils}; host names checked unless {@code security.ssl.verify-hostname} is
 * false.
 */
final class RestHttp {
  /** The answer's status and body. */
  record Answer(int status, String body) {}

  private final SSLContext tls;
  private final boolean verifyHostname;

  private RestHttp(SSLContext tls, boolean verifyHostname) {
    this.tls = tls;
    this.verifyHostname = verifyHostname;
  }

  static RestHttp of(ReadableConfig conf) {
    if (!conf.get(SecurityOptions.SSL_REST_ENABLED)) {
      return new RestHttp(null, true);
    }
    try {
      return new RestHttp(
          SSLUtils.createRestSSLContext(Configuration.fromMap(conf.toMap()), true),
          conf.get(SecurityOptions.SSL_VERIFY_HOSTNAME));
    } catch (Exception e) {
      throw new UsageException(
          "security.ssl.rest.enabled is true but its stores cannot be used ("
              + e.getMessage()
              + "). Check security.ssl.rest.truststore, security.ssl.rest.truststore-password"
              + " and, with client authentication, security.ssl.rest.keystore.");
    }
  }

  boolean tls() {
    return tls != null;
  }

  URI uri(String hostPort, String path) {
    return URI.create((tls == null ? "http://" : "https://") + hostPort + path);
  }

  Answer get(String hostPort, String path, Duration timeout) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri(hostPort, path).toURL().openConnection();
    if (connection instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(tls.getSocketFactory());
      if (!verifyHostname) {
        https.setHostnameVerifier((host, session) -> true);
      }
    }
    connection.setConnectTimeout((int) timeout.toMillis());
    connection.setReadTimeout((int) timeout.toMillis());
    try {
      int status = connection.getResponseCode();
      InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new Answer(status, body);
    } finally {
      connection.disconnect();
    }
  }
}
