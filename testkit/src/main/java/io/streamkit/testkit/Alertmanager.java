package io.streamkit.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private Alertmanager from Debian's {@code prometheus-alertmanager} package, on a random port
 * with a temporary data directory and clustering off; its one receiver takes every alert and sends
 * nowhere. Read its alerts with {@link #alerts()} ({@code GET /api/v2/alerts}).
 */
public final class Alertmanager implements BeforeAllCallback, AfterAllCallback {
  private static final List<String> BINARIES =
      List.of("/usr/bin/prometheus-alertmanager", "/usr/local/bin/alertmanager");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newHttpClient();
  private Path dir;
  private Process process;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  public synchronized void start() throws IOException, InterruptedException {
    Path binary =
        BINARIES.stream()
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Cannot find "
                            + BINARIES
                            + ". Install the Debian package: apt-get install -y"
                            + " prometheus-alertmanager (the README test command does this for you)."));
    dir = Files.createTempDirectory("alertmanager");
    Path config =
        Files.writeString(
            dir.resolve("alertmanager.yml"),
            "route:\n  receiver: keep\n  group_wait: 0s\n  group_interval: 1s\n"
                + "receivers:\n  - name: keep\n");
    port = FreePorts.next();
    Path log = dir.resolve("alertmanager.log");
    process =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Alertmanager exited with code " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Alertmanager not ready within " + START_TIMEOUT + ":\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The JSON array of the alerts Alertmanager holds now ({@code GET /api/v2/alerts}). */
  public String alerts() {
    try {
      return get("/api/v2/alerts").body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  public synchronized void close() {
    if (process != null) {
      process.destroy();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
