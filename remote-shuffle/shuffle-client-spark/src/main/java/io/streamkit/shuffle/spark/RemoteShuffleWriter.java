package io.streamkit.shuffle.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.spark.Partitioner;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.scheduler.MapStatus;
import org.apache.spark.scheduler.MapStatus$;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.serializer.SerializerManager;
import org.apache.spark.shuffle.ShuffleWriteMetricsReporter;
import org.apache.spark.shuffle.ShuffleWriter;
import org.apache.spark.storage.BlockManagerId;
import org.apache.spark.storage.BlockManagerId$;
import org.apache.spark.storage.ShuffleBlockId;
import scala.Option;
import scala.Product2;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * A map task's writer: records are partitioned (after map-side combine when the dependency asks for
 * it), serialized and compressed per partition the way Spark does it, and pushed as blocks of about
 * {@code writer.block-size}; when all partitions together buffer more than {@code
 * writer.buffer-size}, every partition is pushed. Each block is a complete serialized stream, so a
 * reader can decode any block alone.
 */
final class RemoteShuffleWriter<K, V> extends ShuffleWriter<K, V> {
  private static final ClassTag<Object> ANY = ClassTag$.MODULE$.Any();

  private final RemoteShuffleHandle<K, V, ?> handle;
  private final ShuffleDependency<K, V, ?> dep;
  private final TaskContext context;
  private final ShuffleWriteMetricsReporter metrics;
  private final ShuffleOptions options;
  private final long attemptId;
  private final int mapIndex;
  private final BlockPusher pusher;
  private final SerializerInstance serializer;
  private final SerializerManager serializers;
  private final PartitionBuffer[] buffers;
  private final long[] lengths;
  private long buffered;
  private MapStatus status;

  RemoteShuffleWriter(
      RemoteShuffleHandle<K, V, ?> handle,
      long attemptId,
      TaskContext context,
      ShuffleWriteMetricsReporter metrics,
      WorkerConnections connections,
      ShuffleOptions options) {
    this.handle = handle;
    this.dep = handle.dependency();
    this.context = context;
    this.metrics = metrics;
    this.options = options;
    this.attemptId = attemptId;
    this.mapIndex = context.partitionId();
    this.pusher = new BlockPusher(connections, handle, mapIndex, attemptId, options);
    this.serializer = dep.serializer().newInstance();
    this.serializers = SparkEnv.get().serializerManager();
    int partitions = dep.partitioner().numPartitions();
    this.buffers = new PartitionBuffer[partitions];
    this.lengths = new long[partitions];
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void write(Iterator<Product2<K, V>> records) throws IOException {
    Iterator<? extends Product2<K, ?>> input =
        dep.mapSideCombine()
            ? (Iterator) dep.aggregator().get().combineValuesByKey((Iterator) records, context)
            : records;
    Partitioner partitioner = dep.partitioner();
    while (input.hasNext()) {
      Product2<K, ?> record = input.next();
      int partition = partitioner.getPartition(record._1());
      PartitionBuffer buffer = buffers[partition];
      if (buffer == null) {
        buffer =
            buffers[partition] =
                new PartitionBuffer(
                    new ShuffleBlockId(handle.shuffleId(), attemptId, partition),
                    serializer,
                    serializers);
      }
      long before = buffer.size();
      buffer.stream.writeKey(record._1(), ANY);
      buffer.stream.writeValue(record._2(), ANY);
      buffered += buffer.size() - before;
      metrics.incRecordsWritten(1);
      if (buffer.size() >= options.blockSize) {
        pushBuffer(partition);
      } else if (buffered >= options.bufferSize) {
        pushAll();
      }
    }
    pushAll();
    long started = System.nanoTime();
    pusher.finish();
    metrics.incWriteTime(System.nanoTime() - started);
    BlockManagerId location =
        BlockManagerId$.MODULE$.apply(
            RemoteShuffleManager.locationId(attemptId),
            RemoteShuffleManager.LOCATION_HOST,
            1,
            Option.empty());
    status = MapStatus$.MODULE$.apply(location, lengths, attemptId, 0L);
  }

  private void pushAll() throws IOException {
    for (int p = 0; p < buffers.length; p++) {
      if (buffers[p] != null) {
        pushBuffer(p);
      }
    }
    buffered = 0;
  }

  private void pushBuffer(int partition) throws IOException {
    PartitionBuffer buffer = buffers[partition];
    buffers[partition] = null;
    buffered -= buffer.size();
    byte[] block = buffer.finish();
    lengths[partition] += block.length;
    metrics.incBytesWritten(block.length);
    long started = System.nanoTime();
    pusher.push(partition, block);
    metrics.incWriteTime(System.nanoTime() - started);
  }

  @Override
  public Option<MapStatus> stop(boolean success) {
    return success && status != null ? Option.apply(status) : Option.empty();
  }

  @Override
  public long[] getPartitionLengths() {
    return lengths;
  }

  /** One partition's records since its last block: a serialized, compressed stream in memory. */
  private static final class PartitionBuffer {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 << 10);
    private final SerializationStream stream;

    PartitionBuffer(
        ShuffleBlockId id, SerializerInstance serializer, SerializerManager serializers) {
      stream = serializer.serializeStream(serializers.wrapStream(id, bytes));
    }

    long size() {
      return bytes.size();
    }

    byte[] finish() {
      stream.close();
      return bytes.toByteArray();
    }
  }
}
