package io.streamkit.shuffle.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.Aggregator;
import org.apache.spark.InterruptibleIterator;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.shuffle.ShuffleReadMetricsReporter;
import org.apache.spark.shuffle.ShuffleReader;
import org.apache.spark.shuffle.checksum.RowBasedChecksum;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManagerId;
import org.apache.spark.storage.ShuffleBlockId;
import org.apache.spark.util.collection.ExternalSorter;
import scala.Option;
import scala.Product2;
import scala.Tuple2;
import scala.Tuple3;
import scala.collection.Iterator;

/**
 * A reduce task's reader: learns the successful map attempts of its map range from Spark's map
 * output tracker, reads its partitions' files from the file system ({@link PartitionRecords}), and
 * then combines and sorts as Spark's own reader does.
 */
final class RemoteShuffleReader<K, C> implements ShuffleReader<K, C> {
  private final RemoteShuffleHandle<K, ?, C> handle;
  private final int startMapIndex;
  private final int endMapIndex;
  private final int startPartition;
  private final int endPartition;
  private final TaskContext context;
  private final ShuffleReadMetricsReporter metrics;
  private final Configuration hadoop;

  RemoteShuffleReader(
      RemoteShuffleHandle<K, ?, C> handle,
      int startMapIndex,
      int endMapIndex,
      int startPartition,
      int endPartition,
      TaskContext context,
      ShuffleReadMetricsReporter metrics,
      Configuration hadoop) {
    this.handle = handle;
    this.startMapIndex = startMapIndex;
    this.endMapIndex = endMapIndex;
    this.startPartition = startPartition;
    this.endPartition = endPartition;
    this.context = context;
    this.metrics = metrics;
    this.hadoop = hadoop;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Iterator<Product2<K, C>> read() {
    Map<Long, PartitionRecords.MapAttempt> attempts = new HashMap<>();
    Set<Tuple2<Long, Integer>> expected = new HashSet<>();
    Iterator<Tuple2<BlockManagerId, scala.collection.Seq<Tuple3<BlockId, Object, Object>>>> sizes =
        SparkEnv.get()
            .mapOutputTracker()
            .getMapSizesByExecutorId(
                handle.shuffleId(), startMapIndex, endMapIndex, startPartition, endPartition);
    while (sizes.hasNext()) {
      Tuple2<BlockManagerId, scala.collection.Seq<Tuple3<BlockId, Object, Object>>> location =
          sizes.next();
      Iterator<Tuple3<BlockId, Object, Object>> blocks = location._2().iterator();
      while (blocks.hasNext()) {
        Tuple3<BlockId, Object, Object> block = blocks.next();
        ShuffleBlockId id = (ShuffleBlockId) block._1();
        attempts.put(
            id.mapId(), new PartitionRecords.MapAttempt((Integer) block._3(), location._1()));
        expected.add(new Tuple2<>(id.mapId(), id.reduceId()));
      }
    }
    ShuffleDependency<K, ?, C> dep = handle.dependency();
    PartitionRecords records =
        new PartitionRecords(
            handle.shuffleId(),
            handle.appId(),
            new ArrayList<>(handle.slots().storageRoots()),
            hadoop,
            startPartition,
            endPartition,
            attempts,
            expected,
            dep.serializer().newInstance(),
            SparkEnv.get().serializerManager(),
            metrics,
            () -> context.taskMetrics().mergeShuffleReadMetrics());
    Iterator<Product2<K, Object>> input = new InterruptibleIterator(context, records);

    Iterator result;
    Option<Aggregator<K, Object, C>> aggregator = (Option) dep.aggregator();
    if (dep.keyOrdering().isDefined()) {
      Option<Aggregator<K, Object, C>> combine = aggregator;
      if (aggregator.isDefined() && dep.mapSideCombine()) {
        Aggregator<K, Object, C> agg = aggregator.get();
        combine =
            Option.apply(
                new Aggregator<K, Object, C>(
                    c -> (C) c, (scala.Function2) agg.mergeCombiners(), agg.mergeCombiners()));
      }
      ExternalSorter<K, Object, C> sorter =
          new ExternalSorter<>(
              context,
              combine,
              Option.empty(),
              dep.keyOrdering(),
              dep.serializer(),
              new RowBasedChecksum[0]);
      result = sorter.insertAllAndUpdateMetrics(input);
    } else if (aggregator.isDefined()) {
      result =
          dep.mapSideCombine()
              ? aggregator.get().combineCombinersByKey((Iterator) input, context)
              : aggregator.get().combineValuesByKey(input, context);
    } else {
      result = input;
    }
    return result instanceof InterruptibleIterator
        ? result
        : new InterruptibleIterator(context, result);
  }
}
