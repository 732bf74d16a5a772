package io.streamkit.dimension;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncLookupFunction;
import org.apache.flink.table.functions.FunctionContext;

/**
 * Asynchronous lookup that batches: keys arriving while queries run wait in a queue, and each of
 * {@code connection.pool.max-size} workers takes up to {@code lookup.async.max-batch-size} of them
 * into one {@code WHERE key IN (...)} query. Under load this turns many round trips into few.
 */
// Public because Flink's planner accepts only public function classes.
public final class AsyncJdbcLookupFunction extends AsyncLookupFunction {
  private static final long serialVersionUID = 1L;

  private final JdbcDimensionTable table;
  private final int workers;
  private final int maxBatchSize;

  private transient LinkedBlockingQueue<Pending> queue;
  private transient ExecutorService executor;
  private transient volatile boolean running;

  private record Pending(RowData key, CompletableFuture<Collection<RowData>> result) {}

  AsyncJdbcLookupFunction(JdbcDimensionTable table, int workers, int maxBatchSize) {
    this.table = table;
    this.workers = workers;
    this.maxBatchSize = maxBatchSize;
  }

  @Override
  public void open(FunctionContext context) {
    table.open();
    queue = new LinkedBlockingQueue<>();
    running = true;
    executor =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "streamkit-jdbc-lookup-" + table.tableName());
              t.setDaemon(true);
              return t;
            });
    for (int i = 0; i < workers; i++) {
      executor.execute(this::work);
    }
  }

  @Override
  public CompletableFuture<Collection<RowData>> asyncLookup(RowData key) {
    CompletableFuture<Collection<RowData>> result = new CompletableFuture<>();
    queue.add(new Pending(key, result));
    return result;
  }

  private void work() {
    List<Pending> batch = new ArrayList<>(maxBatchSize);
    while (running) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatchSize - 1);
        run(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void run(List<Pending> batch) {
    try {
      List<RowData> keys = batch.stream().map(Pending::key).toList();
      Map<RowData, List<RowData>> rows = table.lookupBatch(keys);
      for (Pending p : batch) {
        p.result().complete(rows.getOrDefault(p.key(), List.of()));
      }
    } catch (Exception e) {
      batch.forEach(p -> p.result().completeExceptionally(e));
    }
  }

  @Override
  public void close() throws Exception {
    running = false;
    if (executor != null) {
      executor.shutdownNow();
      executor.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (queue != null) {
      queue.forEach(p -> p.result().cancel(false));
    }
    table.close();
  }
}
