package io.streamkit.shuffle.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.shuffle.api.ShuffleDataIO;
import org.apache.spark.shuffle.api.ShuffleDriverComponents;
import org.apache.spark.shuffle.api.ShuffleExecutorComponents;
import org.apache.spark.shuffle.sort.io.LocalDiskShuffleDriverComponents;
import org.apache.spark.shuffle.sort.io.LocalDiskShuffleExecutorComponents;

/**
 * {@code spark.shuffle.sort.io.plugin.class}: tells Spark that shuffle output lives outside the
 * executors ({@code supportsReliableStorage}), so a lost executor does not re-run finished maps and
 * dynamic allocation releases executors without the external shuffle service or shuffle tracking.
 * The driver components still remove shuffles on every executor when Spark cleans them up
 * (inherited); the executor components are Spark's, used only by its sort shuffle.
 */
public final class RemoteShuffleDataIO implements ShuffleDataIO {
  private final SparkConf conf;

  public RemoteShuffleDataIO(SparkConf conf) {
    this.conf = conf;
  }

  @Override
  public ShuffleExecutorComponents executor() {
    return new LocalDiskShuffleExecutorComponents(conf);
  }

  @Override
  public ShuffleDriverComponents driver() {
    return new LocalDiskShuffleDriverComponents() {
      @Override
      public boolean supportsReliableStorage() {
        return true;
      }
    };
  }
}
