package io.streamkit.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private Alertmanager from Debian's {@code prometheus-alertmanager} package, on a random port
 * with a temporary data directory and clustering off; its one receiver takes every alert and sends
 * nowhere. Read its alerts with {@link #alerts()} ({@code GET /api/v2/alerts}).
 */
public final class Alertmanager extends DebianServer
    implements BeforeAllCallback, AfterAllCallback {

  public Alertmanager() {
    super(
        "Alertmanager",
        "prometheus-alertmanager",
        List.of("/usr/bin/prometheus-alertmanager", "/usr/local/bin/alertmanager"));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  public void start() throws IOException, InterruptedException {
    launch();
  }

  @Override
  protected List<String> arguments(Path dir, int port) throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("alertmanager.yml"),
            "route:\n  receiver: keep\n  group_wait: 0s\n  group_interval: 1s\n"
                + "receivers:\n  - name: keep\n");
    return List.of(
        "--config.file=" + config,
        "--storage.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--cluster.listen-address=");
  }

  /** The JSON array of the alerts Alertmanager holds now ({@code GET /api/v2/alerts}). */
  public String alerts() {
    return read("/api/v2/alerts");
  }
}
