package io.streamkit.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private database server started from the machine's binaries, on a random port with a temporary
 * data directory. Register it as a static {@code @RegisterExtension} field: it starts before the
 * first test of the class and is removed, data directory included, after the last. Tests may {@link
 * #stop()} and {@link #restart()} it to inject outages; the port and the data survive a restart.
 */
public abstract class DatabaseServer implements BeforeAllCallback, AfterAllCallback {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final String product;
  private Path baseDir;
  private int port;
  private Process process;

  protected DatabaseServer(String product) {
    this.product = product;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Initializes a fresh data directory and starts the server. */
  public synchronized void start() {
    if (baseDir != null) {
      throw new IllegalStateException(product + " is already initialized at " + baseDir);
    }
    try {
      baseDir = Files.createTempDirectory(product.toLowerCase() + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    port = FreePorts.next();
    initialize(baseDir);
    launch();
  }

  /** Stops the server abruptly, as a crash or network cut would; data stays on disk. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    terminate(process);
    process = null;
  }

  /** Starts the server again on the same port and data directory. */
  public synchronized void restart() {
    if (process != null) {
      stop();
    }
    launch();
  }

  /** Stops the server and deletes its data directory. */
  public synchronized void close() {
    stop();
    if (baseDir != null) {
      deleteRecursively(baseDir);
      baseDir = null;
    }
  }

  public int port() {
    return port;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** JDBC URL of {@code database} on this server. */
  public abstract String jdbcUrl(String database);

  public abstract String username();

  public String password() {
    return "";
  }

  /** Creates a database (or schema container) that tests can use in isolation. */
  public void createDatabase(String database) {
    execute(adminDatabase(), "CREATE DATABASE " + database);
  }

  /** Opens a connection to {@code database} as the admin user. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), username(), password());
  }

  /** Runs statements in {@code database}, failing the test on any error. */
  public void execute(String database, String... statements) {
    try (Connection c = connect(database);
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(product + " statement failed: " + e.getMessage(), e);
    }
  }

  protected abstract String adminDatabase();

  /** Creates the data directory layout under {@code baseDir}. */
  protected abstract void initialize(Path baseDir);

  /** The command that runs the server in the foreground. */
  protected abstract List<String> serverCommand(Path baseDir, int port);

  /** Stops {@code process}; the default sends SIGKILL, which is what a crash looks like. */
  protected void terminate(Process process) {
    process.destroyForcibly();
    waitFor(process);
  }

  protected Path baseDir() {
    return baseDir;
  }

  private void launch() {
    Path log = baseDir.resolve("server.log");
    try {
      process =
          new ProcessBuilder(serverCommand(baseDir, port))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + product, e);
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            product + " exited with code " + process.exitValue() + ". Log:\n" + tail(log));
      }
      try (Connection ignored = connect(adminDatabase())) {
        return;
      } catch (SQLException e) {
        last = e;
      }
      sleepQuietly(100);
    }
    throw new IllegalStateException(
        product
            + " did not accept connections within "
            + START_TIMEOUT
            + ": "
            + last
            + "\n"
            + tail(log));
  }

  /** Runs a setup command to completion, failing with its output if it does not succeed. */
  protected static void run(List<String> command, Path workDir) {
    try {
      Process p =
          new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "Command failed: " + String.join(" ", command) + "\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Finds the first existing executable, or fails naming the Debian package that provides it. */
  protected static Path requireBinary(String debianPackage, List<String> candidates) {
    for (String candidate : candidates) {
      Path path = Path.of(candidate);
      if (Files.isExecutable(path)) {
        return path;
      }
    }
    throw new IllegalStateException(
        "Cannot find "
            + candidates
            + ". Install the Debian package: apt-get install -y "
            + debianPackage
            + " (the README test command does this for you).");
  }

  private static void waitFor(Process process) {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      List<Path> all = new ArrayList<>(paths.toList());
      java.util.Collections.reverse(all);
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // best effort: a leftover temp dir under target/ is removed by mvn clean
    }
  }
}
