package io.streamkit.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A private Prometheus from Debian's {@code prometheus} package on a random port, with the scrape
 * configuration and alerting rules a test or benchmark gives (the rules file is referenced by the
 * configuration as {@code rules.yml}). Read its alerts with {@link #alerts()} ({@code GET
 * /api/v1/alerts}).
 */
public final class Prometheus extends DebianServer {
  private final String config;
  private final String rules;

  /**
   * @param config prometheus.yml; {@code rule_files: [rules.yml]} finds {@code rules}
   * @param rules the alerting rules file
   */
  public Prometheus(String config, String rules) {
    super("Prometheus", "prometheus", List.of("/usr/bin/prometheus", "/usr/local/bin/prometheus"));
    this.config = config;
    this.rules = rules;
  }

  public Prometheus start() throws IOException, InterruptedException {
    launch();
    return this;
  }

  @Override
  protected List<String> arguments(Path dir, int port) throws IOException {
    Files.writeString(dir.resolve("rules.yml"), rules);
    Path file = Files.writeString(dir.resolve("prometheus.yml"), config);
    return List.of(
        "--config.file=" + file,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port);
  }

  /** The JSON document of {@code GET /api/v1/alerts}: pending and firing alerts. */
  public String alerts() {
    return read("/api/v1/alerts");
  }
}
