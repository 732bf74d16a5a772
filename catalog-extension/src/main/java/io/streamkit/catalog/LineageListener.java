package io.streamkit.catalog;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.flink.core.execution.JobStatusChangedEvent;
import org.apache.flink.core.execution.JobStatusChangedListener;
import org.apache.flink.streaming.api.lineage.LineageDataset;
import org.apache.flink.streaming.api.lineage.LineageGraph;
import org.apache.flink.streaming.api.lineage.LineageVertex;
import org.apache.flink.streaming.runtime.execution.JobCreatedEvent;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a created job's sources and sinks to the lineage store on a thread of its own, so that a
 * submission never waits for the metadata database: when the database is down the lineage is kept,
 * logged, counted and written when it returns (the latest run of each job wins).
 */
final class LineageListener implements JobStatusChangedListener {
  private static final Logger LOG = LoggerFactory.getLogger(LineageListener.class);
  static final long RETRY_MILLIS = 5_000;

  private final Supplier<LineageStore> stores;
  private final long retryMillis;
  private final Map<String, List<LineageStore.Edge>> pending = new LinkedHashMap<>();
  private final AtomicLong failedWrites = new AtomicLong();
  private final ScheduledExecutorService writer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "streamkit-lineage-writer");
            t.setDaemon(true);
            return t;
          });
  private LineageStore store;

  LineageListener(Supplier<LineageStore> stores, long retryMillis) {
    this.stores = stores;
    this.retryMillis = retryMillis;
  }

  @Override
  public void onEvent(JobStatusChangedEvent event) {
    if (!(event instanceof JobCreatedEvent created) || created.lineageGraph() == null) {
      return;
    }
    List<LineageStore.Edge> edges = edges(created);
    synchronized (pending) {
      pending.put(created.jobName(), edges);
    }
    writer.execute(this::writePending);
  }

  /** Writes that failed and were retried since this listener started. */
  long failedWrites() {
    return failedWrites.get();
  }

  /** Whether everything heard of has been written. */
  boolean drained() {
    synchronized (pending) {
      return pending.isEmpty();
    }
  }

  private void writePending() {
    Map<String, List<LineageStore.Edge>> batch;
    synchronized (pending) {
      batch = new LinkedHashMap<>(pending);
    }
    try {
      if (store == null) {
        store = stores.get();
      }
      for (Map.Entry<String, List<LineageStore.Edge>> job : batch.entrySet()) {
        store.record(job.getKey(), job.getValue());
        synchronized (pending) {
          pending.remove(job.getKey(), job.getValue());
        }
      }
      if (drained()) {
        store.close(); // submissions are rare: no pool kept open between them
        store = null;
      }
    } catch (Exception e) {
      failedWrites.incrementAndGet();
      LOG.warn(
          "Cannot record the lineage of job(s) {} in the catalog database ({}); retrying in {} ms."
              + " The jobs are not affected.",
          batch.keySet(),
          e.getMessage(),
          retryMillis);
      if (store != null) {
        store.close();
        store = null;
      }
      writer.schedule(this::writePending, retryMillis, TimeUnit.MILLISECONDS);
    }
  }

  static List<LineageStore.Edge> edges(JobCreatedEvent event) {
    LineageGraph graph = event.lineageGraph();
    String jobId = event.jobId().toHexString();
    long now = System.currentTimeMillis();
    List<LineageStore.Edge> edges = new ArrayList<>();
    for (LineageVertex v : graph.sources()) {
      add(edges, event.jobName(), "source", v, jobId, now);
    }
    for (LineageVertex v : graph.sinks()) {
      add(edges, event.jobName(), "sink", v, jobId, now);
    }
    return edges;
  }

  private static void add(
      List<LineageStore.Edge> into,
      String job,
      String direction,
      LineageVertex vertex,
      String jobId,
      long at) {
    for (LineageDataset d : vertex.datasets()) {
      String dataset = dataset(d);
      boolean seen =
          into.stream()
              .anyMatch(e -> e.direction().equals(direction) && e.dataset().equals(dataset));
      if (!seen) {
        into.add(new LineageStore.Edge(job, direction, dataset, d.name(), jobId, at));
      }
    }
  }

  /**
   * A planned table's dataset is named by its table ({@code catalog.db.table}); the physical
   * dataset behind a Kafka table is its topic on its brokers, which the table's options tell.
   */
  private static String dataset(LineageDataset d) {
    Map<String, String> options = tableOptions(d);
    String topic = options.get("topic");
    String brokers = options.get("properties.bootstrap.servers");
    if (topic != null && brokers != null && !topic.contains(";")) {
      return LineageDatasets.normalize("kafka://" + brokers, topic);
    }
    if (!options.isEmpty()) {
      return d.name(); // a table: its name is what other jobs call it
    }
    return LineageDatasets.normalize(d.namespace(), d.name());
  }

  // The planner's dataset (its own class loader) exposes the catalog table it was planned from.
  private static Map<String, String> tableOptions(LineageDataset d) {
    try {
      Method table = d.getClass().getMethod("table");
      Object t = table.invoke(d);
      return t instanceof CatalogBaseTable catalogTable ? catalogTable.getOptions() : Map.of();
    } catch (ReflectiveOperationException e) {
      return Map.of();
    } catch (RuntimeException e) {
      // A SELECT's collect sink (and a DataStream-backed table) has no options: getOptions throws.
      return Map.of();
    }
  }
}
