package io.streamkit.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server from Debian's {@code postgresql} package: {@code initdb} into a
 * temporary data dir, then {@code postgres} on a random loopback port with trust authentication.
 * PostgreSQL refuses to run as root, so as root the server runs as the {@code postgres} user on a
 * data dir it owns.
 */
public final class Postgres extends DatabaseServer {
  private static final String PACKAGE = "postgresql";
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  public Postgres() {
    super("PostgreSQL");
  }

  @Override
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  @Override
  public String username() {
    return "postgres";
  }

  @Override
  protected String adminDatabase() {
    return "postgres";
  }

  @Override
  protected void initialize(Path baseDir) {
    Path data = baseDir.resolve("data");
    if (ROOT) {
      // The postgres user must be able to reach and own its directory.
      run(List.of("chmod", "755", baseDir.toString()), baseDir);
      run(List.of("chown", "postgres:postgres", baseDir.toString()), baseDir);
      for (Path dir = baseDir.getParent(); dir != null; dir = dir.getParent()) {
        dir.toFile().setExecutable(true, false);
      }
    }
    run(
        asServerUser(
            List.of(
                binDir().resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync")),
        baseDir);
  }

  @Override
  protected List<String> serverCommand(Path baseDir, int port) {
    return asServerUser(
        List.of(
            binDir().resolve("postgres").toString(),
            "-D",
            baseDir.resolve("data").toString(),
            "-c",
            "listen_addresses=127.0.0.1",
            "-p",
            Integer.toString(port),
            "-k",
            baseDir.toString(),
            "-c",
            "fsync=off",
            "-c",
            "max_connections=200"));
  }

  @Override
  protected void terminate(Process process) {
    // runuser forwards the signal; SIGKILL of runuser alone would orphan the postmaster, so kill
    // the
    // whole process tree (postmaster first: a crash, not a clean shutdown).
    List<ProcessHandle> tree = new ArrayList<>();
    process.descendants().forEach(tree::add);
    tree.forEach(ProcessHandle::destroyForcibly);
    super.terminate(process);
    for (ProcessHandle handle : tree) {
      handle.onExit().join();
    }
    // The postmaster's children exit when it dies; the pid file must go before a restart.
    try {
      Files.deleteIfExists(baseDir().resolve("data").resolve("postmaster.pid"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> asServerUser(List<String> command) {
    if (!ROOT) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  private static Path binDir() {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        var newest =
            versions
                .filter(p -> Files.isExecutable(p.resolve("bin/postgres")))
                .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())));
        if (newest.isPresent()) {
          return newest.get().resolve("bin");
        }
      } catch (IOException | NumberFormatException e) {
        // fall through to the error below
      }
    }
    return requireBinary(PACKAGE, List.of("/usr/lib/postgresql/15/bin/postgres")).getParent();
  }
}
