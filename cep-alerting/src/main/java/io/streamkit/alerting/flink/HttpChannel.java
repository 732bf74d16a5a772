package io.streamkit.alerting.flink;

import io.streamkit.alerting.Notification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs notifications to an HTTP receiver (a webhook, an Alertmanager) from a thread of its own, in
 * order, each until the receiver answers 2xx: a receiver that is down delays its notifications,
 * never the job, and never loses them (what is not delivered is in the checkpoint). The wait
 * between attempts doubles from 200 ms up to the configured maximum.
 */
final class HttpChannel implements Channel {
  private static final Logger LOG = LoggerFactory.getLogger(HttpChannel.class);
  static final String SIGNATURE_HEADER = "X-Streamkit-Signature-256";
  private static final String HMAC = "HmacSHA256";

  private final String name;
  private final URI uri;
  private final Function<Notification, String> body;
  private final long maxBackoffMs;
  private final SecretKeySpec signingKey; // null: unsigned
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final LinkedBlockingDeque<Notification> queue = new LinkedBlockingDeque<>();
  private final Thread sender;
  private volatile boolean closed;
  private volatile long delivered;

  /**
   * @param secret signs each body ({@link #SIGNATURE_HEADER}); null: unsigned
   */
  HttpChannel(
      String name,
      URI uri,
      Function<Notification, String> body,
      Duration maxBackoff,
      String secret) {
    this.signingKey = secret == null ? null : key(secret);
    this.name = name;
    this.uri = uri;
    this.body = body;
    this.maxBackoffMs = maxBackoff.toMillis();
    this.sender = new Thread(this::run, "streamkit-alert-" + name);
    sender.setDaemon(true);
    sender.start();
  }

  @Override
  public void send(Notification n) {
    queue.addLast(n);
    LockSupport.unpark(sender); // no polling delay between an alert and its POST
  }

  @Override
  public List<Notification> pending() {
    return new ArrayList<>(queue);
  }

  long delivered() {
    return delivered;
  }

  private void run() {
    long backoff = 200;
    while (!closed) {
      // Peeked, not taken: a notification stays pending (and in checkpoints) until delivered.
      Notification n = queue.peekFirst();
      if (n == null) {
        LockSupport.parkNanos(100_000_000L);
        if (Thread.interrupted()) {
          return;
        }
        continue;
      }
      String failure = post(n);
      if (failure == null) {
        queue.pollFirst();
        delivered++;
        backoff = 200;
        continue;
      }
      LOG.warn(
          "Alert notification {} not delivered to the {} at {} ({}); retrying in {} ms",
          n.id(),
          name,
          uri,
          failure,
          backoff);
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        return;
      }
      backoff = Math.min(backoff * 2, maxBackoffMs);
    }
  }

  /** {@code sha256=<hex>}: the HMAC-SHA256 of the UTF-8 body, as GitHub signs its webhooks. */
  static String signature(SecretKeySpec key, String body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return "sha256="
          + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  static SecretKeySpec key(String secret) {
    return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC);
  }

  /** Null when the receiver took it, else why not. */
  private String post(Notification n) {
    try {
      String text = body.apply(n);
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .header("X-Streamkit-Dedupe-Key", n.dedupeKey())
              .POST(HttpRequest.BodyPublishers.ofString(text));
      if (signingKey != null) {
        request.header(SIGNATURE_HEADER, signature(signingKey, text));
      }
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      return status / 100 == 2 ? null : "HTTP " + status + ": " + response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (Exception e) {
      return e.toString();
    }
  }

  @Override
  public void close() {
    closed = true;
    sender.interrupt();
  }
}
