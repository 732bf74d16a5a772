package io.streamkit.shuffle.spark;

import io.streamkit.shuffle.server.ServerConfig;
import io.streamkit.shuffle.server.StreamkitShuffle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A shuffle worker in a JVM of its own, started as {@code bin/streamkit-shuffle worker} starts it
 * (same main class, arguments and JVM options) but with this test's class path, so that a fault
 * test can kill a real process (SIGKILL: no shutdown hook, no flush).
 */
final class WorkerProcess implements AutoCloseable {
  private final Process process;

  private WorkerProcess(Process process) {
    this.process = process;
  }

  static WorkerProcess start(String id, String masterAddress, String storageRoot, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // the options of bin/streamkit-shuffle
    command.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    command.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    command.add("-Dio.netty.tryReflectionSetAccessible=true");
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StreamkitShuffle.class.getName());
    command.add("worker");
    set(command, ServerConfig.WORKER_ID, id);
    set(command, ServerConfig.WORKER_HOST, "127.0.0.1");
    set(command, ServerConfig.WORKER_PORT, "0");
    set(command, ServerConfig.WORKER_MASTER, masterAddress);
    set(command, ServerConfig.WORKER_STORAGE, storageRoot);
    set(command, ServerConfig.WORKER_HEARTBEAT, "200ms");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new WorkerProcess(process);
  }

  private static void set(List<String> command, String key, String value) {
    command.add("--set");
    command.add(key + "=" + value);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, and waits until the process is gone; returns its exit code. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the worker process did not die within 30 s of SIGKILL");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
