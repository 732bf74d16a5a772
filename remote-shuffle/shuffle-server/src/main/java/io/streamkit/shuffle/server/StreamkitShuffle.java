package io.streamkit.shuffle.server;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/streamkit-shuffle master|worker [--conf FILE] [--set KEY=VALUE]...}: runs a shuffle
 * master or worker in the foreground until it is stopped (SIGTERM or Ctrl-C stop it gracefully).
 */
public final class StreamkitShuffle {
  private StreamkitShuffle() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !(args[0].equals("master") || args[0].equals("worker"))) {
      usage("say which server to run: master or worker");
      return;
    }
    Path conf = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--conf") && i + 1 < args.length) {
        conf = Path.of(args[++i]);
      } else if (args[i].equals("--set") && i + 1 < args.length && args[i + 1].contains("=")) {
        String[] kv = args[++i].split("=", 2);
        overrides.put(kv[0], kv[1]);
      } else {
        usage("unexpected argument '" + args[i] + "'");
        return;
      }
    }
    ServerConfig config;
    try {
      config = conf == null ? ServerConfig.of(overrides) : ServerConfig.load(conf, overrides);
    } catch (IllegalArgumentException | java.io.IOException e) {
      System.err.println("streamkit-shuffle: " + e.getMessage());
      System.exit(2);
      return;
    }
    AutoCloseable server;
    try {
      server = args[0].equals("master") ? new ShuffleMaster(config) : new ShuffleWorker(config);
    } catch (IllegalArgumentException | java.io.IOException e) {
      // a setting that cannot work (a missing secret, a keystore that does not open, a port taken)
      System.err.println("streamkit-shuffle: cannot start the " + args[0] + ": " + e.getMessage());
      System.exit(e instanceof IllegalArgumentException ? 2 : 1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } catch (Exception e) {
                    e.printStackTrace();
                  }
                  stopped.countDown();
                }));
    stopped.await();
  }

  private static void usage(String problem) {
    System.err.println("streamkit-shuffle: " + problem);
    System.err.println(
        "usage: streamkit-shuffle master|worker [--conf FILE] [--set KEY=VALUE]...\n"
            + "options (with defaults):");
    ServerConfig.options()
        .forEach(
            o ->
                System.err.printf(
                    "  %s = %s%n      %s%n", o.key(), o.defaultValue(), o.description()));
    System.exit(2);
  }
}
