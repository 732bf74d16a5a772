package io.streamkit.benchmarks;

import io.streamkit.logs.StreamkitKafkaAppender;
import io.streamkit.testkit.Kafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Logging-call throughput and latency of the streamkit appender against Log4j2's own {@code Kafka}
 * appender given the same producer tuning as ours ({@code batch.size}, {@code linger.ms}, {@code
 * compression.type}), directly ({@code syncSend=false}) and behind an {@code Async} appender
 * ({@code blocking=false}, {@code bufferSize} equal to our queue), and a {@code RollingFile}
 * appender, through a real Log4j2 logger and an in-process broker.
 *
 * <p>Broker up: every scenario warms up, then they run interleaved (A B C D A B C D ...) for {@code
 * rounds} rounds; min / median / max of calls/s and p99 per appender and the ratio of medians are
 * printed. Each run logs into a topic of its own, and after the run the topic is counted: lines
 * logged minus lines in the topic is what the appender lost.
 *
 * <p>Broker down: each Kafka scenario starts with the broker up and warms up, then the broker is
 * stopped for the measured time, started again, and the appender stopped (which ships what it still
 * holds); then its topic is counted (ours by distinct event id).
 *
 * <p>Paced: the same, with the two threads offering {@code rate} lines/s in all (bursts of 100,
 * then a sleep until the next burst is due), a rate the references can deliver: latency and loss
 * where nobody has to drop. {@code delivered/s} is the measured window's lines that reached the
 * topic, per second.
 *
 * <p>Run: {@code benchmarks/run LogAppenderBenchmark [secondsPerRun] [rounds] [rate]}
 */
public final class LogAppenderBenchmark {
  private static final int THREADS = 2;
  private static final int MAX_SAMPLES = 4_000_000;
  private static final String PATTERN = "%d{ISO8601} %-5p [%t] %c - %m%n%throwable";
  private static final int QUEUE = 100_000;
  private static final int BURST = 100;

  /** Our appender's producer tuning; the Log4j2 appender gets the same. */
  private static final Map<String, String> TUNING =
      Map.of(
          "batch.size", String.valueOf(512 * 1024), "linger.ms", "20", "compression.type", "lz4");

  private static final String OURS = "streamkit";
  private static final String KAFKA = "log4j Kafka tuned syncSend=false";
  private static final String ASYNC = "log4j Async(Kafka tuned)";
  private static final String FILE = "log4j RollingFile";

  private static final AtomicInteger TOPICS = new AtomicInteger();

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
    Path dir = Files.createTempDirectory("log-bench");
    Kafka kafka = new Kafka();
    kafka.start();
    Map<String, List<Result>> up = new LinkedHashMap<>();
    Map<String, List<Result>> paced = new LinkedHashMap<>();
    Map<String, Result> down = new LinkedHashMap<>();
    try {
      String servers = kafka.bootstrapServers();
      Map<String, Scenario> scenarios = new LinkedHashMap<>();
      scenarios.put(OURS, topic -> ours(servers, topic, dir.resolve("spill-" + topic)));
      scenarios.put(KAFKA, topic -> log4j(servers, topic, false));
      scenarios.put(ASYNC, topic -> log4j(servers, topic, true));
      scenarios.put(FILE, topic -> rollingFile(dir.resolve(topic)));
      System.out.printf(
          "%n%-47s %5s %12s %12s %8s %8s %8s %12s %11s %11s %9s %8s%n",
          "run",
          "round",
          "calls/s",
          "delivered/s",
          "p50 us",
          "p99 us",
          "p99.9 us",
          "max us",
          "logged",
          "lost",
          "dropped",
          "drain s");
      for (int round = 1; round <= rounds; round++) {
        for (Map.Entry<String, Scenario> s : scenarios.entrySet()) {
          boolean toKafka = !s.getKey().equals(FILE);
          Result r = run(kafka, s.getKey(), round, s.getValue(), seconds, toKafka, false, 0);
          up.computeIfAbsent(s.getKey(), k -> new ArrayList<>()).add(r);
        }
      }
      for (int round = 1; round <= rounds; round++) {
        for (Map.Entry<String, Scenario> s : scenarios.entrySet()) {
          boolean toKafka = !s.getKey().equals(FILE);
          Result r = run(kafka, s.getKey(), round, s.getValue(), seconds, toKafka, false, rate);
          paced.computeIfAbsent(s.getKey(), k -> new ArrayList<>()).add(r);
        }
      }
      for (String name : List.of(OURS, ASYNC, KAFKA)) {
        down.put(name, run(kafka, name, 0, scenarios.get(name), seconds, true, true, 0));
      }
    } finally {
      kafka.close();
    }

    summary(
        String.format(
            "broker up, %d threads logging as fast as they can, %d rounds of %d s, interleaved",
            THREADS, rounds, seconds),
        up);
    summary(
        String.format(
            "broker up, %,d lines/s offered (%d threads, bursts of %d), %d rounds of %d s,"
                + " interleaved",
            rate, THREADS, BURST, rounds, seconds),
        paced);
    System.out.printf(
        "%nbroker down for %d s (stopped after warm-up, started again before the"
            + " appender stops; lost counted from the topic):%n",
        seconds);
    System.out.printf(
        "%-34s %12s %10s %12s %11s %10s %8s%n",
        "appender", "calls/s", "p99 us", "max us", "logged", "lost", "dropped");
    down.forEach(
        (name, r) ->
            System.out.printf(
                "%-34s %,12.0f %10.1f %,12.0f %,11d %,10d %8s%n",
                name,
                r.callsPerSecond,
                r.p99,
                r.max,
                r.logged,
                r.lost,
                r.dropped < 0 ? "-" : r.dropped));
  }

  /** min / median / max of each appender's rounds, and ours over each reference (medians). */
  private static void summary(String title, Map<String, List<Result>> results) {
    System.out.printf("%n%s; min / median / max%n", title);
    System.out.printf(
        "%-34s %-32s %-32s %-24s %-24s %s%n",
        "appender", "calls/s", "delivered/s", "p99 us", "p99.9 us", "lost (sum)");
    results.forEach(
        (name, rs) -> {
          String lost =
              name.equals(FILE) ? "-" : String.valueOf(rs.stream().mapToLong(Result::lost).sum());
          System.out.printf(
              "%-34s %s   %s   %s   %s   %s%n",
              name,
              Rounds.spread(rs, Result::callsPerSecond, "%,9.0f"),
              Rounds.spread(rs, Result::deliveredPerSecond, "%,9.0f"),
              Rounds.spread(rs, Result::p99, "%6.1f"),
              Rounds.spread(rs, Result::p999, "%6.1f"),
              lost);
        });
    System.out.printf(
        "ratio of medians, streamkit / reference (calls/s and delivered/s: higher is better;"
            + " p99, p99.9: lower):%n");
    List<Result> ours = results.get(OURS);
    for (String name : List.of(KAFKA, ASYNC, FILE)) {
      List<Result> ref = results.get(name);
      System.out.printf(
          "  vs %-32s calls/s %.2f   delivered/s %.2f   p99 %.2f   p99.9 %.2f%n",
          name,
          Rounds.median(ours, Result::callsPerSecond) / Rounds.median(ref, Result::callsPerSecond),
          Rounds.median(ours, Result::deliveredPerSecond)
              / Rounds.median(ref, Result::deliveredPerSecond),
          Rounds.median(ours, Result::p99) / Rounds.median(ref, Result::p99),
          Rounds.median(ours, Result::p999) / Rounds.median(ref, Result::p999));
    }
  }

  private interface Scenario {
    Consumer<ConfigurationBuilder<BuiltConfiguration>> config(String topic);
  }

  private static Consumer<ConfigurationBuilder<BuiltConfiguration>> ours(
      String servers, String topic, Path spill) {
    return b ->
        b.add(
            b.newAppender("target", "StreamkitKafka")
                .addAttribute("bootstrapServers", servers)
                .addAttribute("topic", topic)
                .addAttribute("queueCapacity", QUEUE)
                .addAttribute("spillDirectory", spill.toString())
                // 8 GiB: a 10 s outage at this rate must fit, so that "0 lost" is what it says.
                .addAttribute("spillMaxBytes", 8L << 30)
                // Stopping ships everything still held (spilled lines too) before counting.
                .addAttribute("shutdownTimeoutMillis", 300_000));
  }

  private static Consumer<ConfigurationBuilder<BuiltConfiguration>> log4j(
      String servers, String topic, boolean async) {
    return b -> {
      AppenderComponentBuilder kafka =
          b.newAppender(async ? "kafka" : "target", "Kafka")
              .addAttribute("topic", topic)
              .addAttribute("syncSend", false)
              .add(b.newLayout("PatternLayout").addAttribute("pattern", PATTERN))
              .addComponent(b.newComponent("bootstrap.servers", "Property", servers))
              // Kafka's default is 60 s; 5 s keeps a broker-down run short. Still a blocked call.
              .addComponent(b.newComponent("max.block.ms", "Property", "5000"));
      TUNING.forEach((k, v) -> kafka.addComponent(b.newComponent(k, "Property", v)));
      b.add(kafka);
      if (async) {
        b.add(
            b.newAppender("target", "Async")
                .addAttribute("blocking", false)
                .addAttribute("bufferSize", QUEUE)
                .addComponent(b.newAppenderRef("kafka")));
      }
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
      Kafka kafka,
      String name,
      int round,
      Scenario scenario,
      int seconds,
      boolean toKafka,
      boolean brokerDown,
      int rate)
      throws Exception {
    String topic = "logs-" + TOPICS.incrementAndGet();
    if (toKafka) {
      kafka.createTopic(topic, 3);
    }
    ConfigurationBuilder<BuiltConfiguration> b =
        ConfigurationBuilderFactory.newConfigurationBuilder();
    b.setConfigurationName("bench");
    scenario.config(topic).accept(b);
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
    long logged = 0;
    long warmUpEnd = System.nanoTime() + 2_000_000_000L;
    for (int i = 0; i < 200_000 && System.nanoTime() < warmUpEnd; i++) {
      logger.info("warm-up {}", i);
      logged++;
    }
    if (brokerDown) {
      kafka.stopBroker();
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
                // Paced runs log BURST lines, then sleep until the next burst is due.
                long burstNanos = rate > 0 ? BURST * THREADS * 1_000_000_000L / rate : 0;
                long nextBurst = System.nanoTime();
                while (!stop.get()) {
                  long start = System.nanoTime();
                  logger.info("order {} processed in {} ms by worker {}", n, 42, "w-7");
                  long took = System.nanoTime() - start;
                  if (n < MAX_SAMPLES) {
                    mine[(int) n] = took;
                  }
                  n++;
                  if (rate > 0 && n % BURST == 0) {
                    nextBurst += burstNanos;
                    long wait = nextBurst - System.nanoTime();
                    if (wait > 0) {
                      LockSupport.parkNanos(wait);
                    }
                  }
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
    long end = System.nanoTime();
    double elapsed = (end - begin) / 1e9;
    long total = 0;
    int recorded = 0;
    long[] merged = new long[THREADS * MAX_SAMPLES];
    for (int t = 0; t < THREADS; t++) {
      total += counts[t];
      int n = (int) Math.min(counts[t], MAX_SAMPLES);
      System.arraycopy(samples.get(t), 0, merged, recorded, n);
      recorded += n;
    }
    logged += total;
    Percentiles p = new Percentiles(Arrays.copyOf(merged, recorded));
    if (brokerDown) {
      kafka.restartBroker();
    }
    long dropped = -1;
    if (context.getConfiguration().getAppender("target") instanceof StreamkitKafkaAppender ours) {
      dropped = ours.droppedEvents();
    }
    context.stop(); // ships what the appender still holds
    double drain = (System.nanoTime() - end) / 1e9;
    long lost = -1;
    if (toKafka) {
      long delivered =
          name.equals(OURS) && brokerDown
              ? TopicCount.distinctIds(kafka.clientProperties(), topic)
              : TopicCount.records(kafka.clientProperties(), topic);
      lost = logged - delivered;
    }
    // Lines of the measured window that reached the topic, per second of that window.
    double delivered = toKafka ? Math.max(0, total - Math.max(0, lost)) / elapsed : total / elapsed;
    Result r =
        new Result(
            total / elapsed,
            delivered,
            p.micros(50),
            p.micros(99),
            p.micros(99.9),
            p.micros(100),
            logged,
            lost,
            dropped);
    System.out.printf(
        "%-47s %5s %,12.0f %,12.0f %8.1f %8.1f %8.1f %,12.0f %,11d %11s %9s %8.1f%n",
        name + (brokerDown ? ", broker down" : rate > 0 ? ", paced" : ""),
        brokerDown ? "-" : String.valueOf(round),
        r.callsPerSecond,
        r.deliveredPerSecond,
        r.p50,
        r.p99,
        r.p999,
        r.max,
        logged,
        lost < 0 ? "-" : String.format("%,d", lost),
        dropped < 0 ? "-" : String.format("%,d", dropped),
        drain);
    return r;
  }

  private record Result(
      double callsPerSecond,
      double deliveredPerSecond,
      double p50,
      double p99,
      double p999,
      double max,
      long logged,
      long lost,
      long dropped) {}
}
