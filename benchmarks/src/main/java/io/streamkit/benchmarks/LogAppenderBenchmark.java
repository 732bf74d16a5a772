package io.streamkit.benchmarks;

import io.streamkit.logs.StreamkitKafkaAppender;
import io.streamkit.testkit.Kafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Issue 4's appender benchmark: logging-call throughput and latency of the streamkit appender
 * against Log4j2's own {@code Kafka} appender (syncSend true and false) and a {@code RollingFile}
 * appender, through a real Log4j2 logger, with the in-process broker up and then stopped. Each
 * scenario logs from two threads for a fixed time; a call that blocks shows up as low throughput
 * and a high p99.
 *
 * <p>Run: {@code benchmarks/run LogAppenderBenchmark [secondsPerScenario]}
 */
public final class LogAppenderBenchmark {
  private static final int THREADS = 2;
  private static final int MAX_SAMPLES = 4_000_000;
  private static final String PATTERN = "%d{ISO8601} %-5p [%t] %c - %m%n%throwable";

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path dir = Files.createTempDirectory("log-bench");
    Kafka kafka = new Kafka();
    kafka.start();
    Map<String, Result> results = new LinkedHashMap<>();
    try {
      String servers = kafka.bootstrapServers();
      kafka.createTopic("logs", 3);
      // Broker up.
      results.put("streamkit, broker up", run(ours(servers, dir.resolve("spill-up")), seconds));
      results.put("log4j Kafka syncSend=false, broker up", run(log4j(servers, false), seconds));
      results.put("log4j Kafka syncSend=true, broker up", run(log4j(servers, true), seconds));
      results.put("log4j RollingFile", run(rollingFile(dir), seconds));
      // Broker down.
      kafka.stopBroker();
      results.put("streamkit, broker down", run(ours(servers, dir.resolve("spill-down")), seconds));
      results.put("log4j Kafka syncSend=false, broker down", run(log4j(servers, false), seconds));
      results.put("log4j Kafka syncSend=true, broker down", run(log4j(servers, true), seconds));
    } finally {
      kafka.close();
    }

    System.out.printf(
        "%n%-42s %14s %10s %10s %12s %8s%n",
        "appender", "calls/s", "p50 us", "p99 us", "max us", "dropped");
    results.forEach(
        (name, r) ->
            System.out.printf(
                "%-42s %,14.0f %10.1f %10.1f %,12.0f %8s%n",
                name, r.callsPerSecond, r.p50, r.p99, r.max, r.dropped < 0 ? "-" : r.dropped));
    Result oursUp = results.get("streamkit, broker up");
    Result oursDown = results.get("streamkit, broker down");
    System.out.printf(
        "%nthroughput ratios, streamkit / reference:%n"
            + "  broker up:   vs Kafka syncSend=false %.2f, vs syncSend=true %.2f, vs RollingFile %.2f%n"
            + "  broker down: vs Kafka syncSend=false %.0f, vs syncSend=true %.0f%n",
        oursUp.callsPerSecond / results.get("log4j Kafka syncSend=false, broker up").callsPerSecond,
        oursUp.callsPerSecond / results.get("log4j Kafka syncSend=true, broker up").callsPerSecond,
        oursUp.callsPerSecond / results.get("log4j RollingFile").callsPerSecond,
        oursDown.callsPerSecond
            / Math.max(1, results.get("log4j Kafka syncSend=false, broker down").callsPerSecond),
        oursDown.callsPerSecond
            / Math.max(1, results.get("log4j Kafka syncSend=true, broker down").callsPerSecond));
  }

  private static Consumer<ConfigurationBuilder<BuiltConfiguration>> ours(
      String servers, Path spill) {
    return b ->
        b.add(
            b.newAppender("target", "StreamkitKafka")
                .addAttribute("bootstrapServers", servers)
                .addAttribute("topic", "logs")
                .addAttribute("spillDirectory", spill.toString()));
  }

  private static Consumer<ConfigurationBuilder<BuiltConfiguration>> log4j(
      String servers, boolean syncSend) {
    return b -> {
      AppenderComponentBuilder appender =
          b.newAppender("target", "Kafka")
              .addAttribute("topic", "logs")
              .addAttribute("syncSend", syncSend)
              .add(b.newLayout("PatternLayout").addAttribute("pattern", PATTERN))
              .addComponent(b.newComponent("bootstrap.servers", "Property", servers))
              // Kafka's default is 60 s; 5 s keeps a broker-down run short. Still a blocked call.
              .addComponent(b.newComponent("max.block.ms", "Property", "5000"));
      b.add(appender);
    };
  }

  private static Consumer<ConfigurationBuilder<BuiltConfiguration>> rollingFile(Path dir) {
    return b ->
        b.add(
            b.newAppender("target", "RollingFile")
                .addAttribute("fileName", dir.resolve("app.log").toString())
                .addAttribute("filePattern", dir.resolve("app-%i.log").toString())
                .add(b.newLayout("PatternLayout").addAttribute("pattern", PATTERN))
                .addComponent(
                    b.newComponent("Policies")
                        .addComponent(
                            b.newComponent("SizeBasedTriggeringPolicy")
                                .addAttribute("size", "256 MB")))
                .addComponent(b.newComponent("DefaultRolloverStrategy").addAttribute("max", "3")));
  }

  private static Result run(
      Consumer<ConfigurationBuilder<BuiltConfiguration>> appender, int seconds) throws Exception {
    ConfigurationBuilder<BuiltConfiguration> b =
        ConfigurationBuilderFactory.newConfigurationBuilder();
    b.setConfigurationName("bench");
    appender.accept(b);
    b.add(
        b.newLogger("bench", Level.INFO)
            .add(b.newAppenderRef("target"))
            .addAttribute("additivity", false));
    b.add(b.newRootLogger(Level.OFF));
    LoggerContext context = new LoggerContext("bench-" + System.nanoTime());
    context.start(b.build());
    Logger logger = context.getLogger("bench");

    // Warm up the appender and the JIT (bounded in time: a blocking appender may take seconds a
    // call), then measure.
    long warmUpEnd = System.nanoTime() + 2_000_000_000L;
    for (int i = 0; i < 200_000 && System.nanoTime() < warmUpEnd; i++) {
      logger.info("warm-up {}", i);
    }
    AtomicBoolean stop = new AtomicBoolean();
    List<long[]> samples = new ArrayList<>();
    long[] counts = new long[THREADS];
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      long[] mine = new long[MAX_SAMPLES];
      samples.add(mine);
      int index = t;
      Thread thread =
          new Thread(
              () -> {
                long n = 0;
                while (!stop.get()) {
                  long start = System.nanoTime();
                  logger.info("order {} processed in {} ms by worker {}", n, 42, "w-7");
                  long took = System.nanoTime() - start;
                  if (n < MAX_SAMPLES) {
                    mine[(int) n] = took;
                  }
                  n++;
                }
                counts[index] = n;
              },
              "logger-" + t);
      threads.add(thread);
    }
    long begin = System.nanoTime();
    threads.forEach(Thread::start);
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    for (Thread thread : threads) {
      thread.join(); // a call blocked in the appender is waited for: it counts in the time
    }
    double elapsed = (System.nanoTime() - begin) / 1e9;
    long total = 0;
    int recorded = 0;
    long[] merged = new long[THREADS * MAX_SAMPLES];
    for (int t = 0; t < THREADS; t++) {
      total += counts[t];
      int n = (int) Math.min(counts[t], MAX_SAMPLES);
      System.arraycopy(samples.get(t), 0, merged, recorded, n);
      recorded += n;
    }
    Percentiles p = new Percentiles(java.util.Arrays.copyOf(merged, recorded));
    long dropped = -1;
    if (context.getConfiguration().getAppender("target") instanceof StreamkitKafkaAppender ours) {
      dropped = ours.droppedEvents();
    }
    context.stop();
    return new Result(total / elapsed, p.micros(50), p.micros(99), p.micros(100), dropped);
  }

  private record Result(double callsPerSecond, double p50, double p99, double max, long dropped) {}
}
