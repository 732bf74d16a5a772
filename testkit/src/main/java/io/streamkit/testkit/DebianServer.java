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
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP server from a Debian package (Alertmanager, Prometheus) run as a child process on a
 * random loopback port with a temporary directory, ready once {@code GET /-/ready} answers 200.
 */
abstract class DebianServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newHttpClient();
  private final String product;
  private final String debianPackage;
  private final List<String> binaries;
  private Process process;
  private Path dir;
  private int port;

  DebianServer(String product, String debianPackage, List<String> binaries) {
    this.product = product;
    this.debianPackage = debianPackage;
    this.binaries = binaries;
  }

  /** The server's arguments after the binary, given its directory and port. */
  protected abstract List<String> arguments(Path dir, int port) throws IOException;

  final synchronized void launch() throws IOException, InterruptedException {
    Path binary =
        binaries.stream()
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Cannot find "
                            + binaries
                            + ". Install the Debian package: apt-get install -y "
                            + debianPackage));
    dir = Files.createTempDirectory(debianPackage);
    port = FreePorts.next();
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(arguments(dir, port));
    Path log = dir.resolve("server.log");
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            product + " exited with code " + process.exitValue() + ":\n" + Files.readString(log));
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
            product + " not ready within " + START_TIMEOUT + ":\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The body of {@code GET path}. */
  public String read(String path) {
    try {
      return get(path).body();
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

  @Override
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
