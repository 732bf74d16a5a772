package io.streamkit.shuffle.spark;

import io.streamkit.shuffle.common.BlockHeader;
import io.streamkit.shuffle.common.BlockReader;
import io.streamkit.shuffle.common.CorruptBlockException;
import io.streamkit.shuffle.common.IndexEntry;
import io.streamkit.shuffle.common.ShufflePaths;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.serializer.SerializerManager;
import org.apache.spark.shuffle.FetchFailedException;
import org.apache.spark.shuffle.ShuffleReadMetricsReporter;
import org.apache.spark.storage.BlockManagerId;
import org.apache.spark.storage.ShuffleBlockId;
import scala.Tuple2;
import scala.collection.AbstractIterator;
import scala.collection.Iterator;

/**
 * The records of a range of reduce partitions, read block by block straight from the partition
 * files. Only blocks of the map attempts Spark registered as successful are used; a second copy of
 * a block (same attempt, partition and sequence number, after a writer failover) is dropped; every
 * block used is checked against its CRC32, and the blocks found of each attempt against the end
 * entry its map end left in the index (how many blocks and bytes it pushed for the partition). A
 * corrupt or missing block of a successful attempt, even its last, raises a fetch failure for that
 * map, so Spark runs the map again and then this stage: wrong or partial data is never returned.
 */
final class PartitionRecords extends AbstractIterator<Tuple2<Object, Object>> {
  /** A successful map attempt as the map output tracker knows it. */
  record MapAttempt(int mapIndex, BlockManagerId location) {}

  private final int shuffleId;
  private final String appId;
  private final List<String> roots;
  private final Configuration hadoop;
  private final Map<Long, MapAttempt> attempts;

  /** (attempt, partition) pairs with data, which must be found. */
  private final Set<Tuple2<Long, Integer>> expected;

  private final SerializerInstance serializer;
  private final SerializerManager serializers;
  private final ShuffleReadMetricsReporter metrics;
  private final Runnable onDone;
  private final Deque<Integer> partitions = new ArrayDeque<>();
  private final Deque<Path> files = new ArrayDeque<>();

  /** Data files of the current partition that have an index, and the index's path. */
  private final Map<Path, Path> indexes = new HashMap<>();

  /** With an index: the blocks of the open file still to read, by offset. */
  private Deque<IndexEntry> wanted;

  private FSDataInputStream stream;

  private int partition = -1;

  /** Per attempt of the current partition: sequence numbers seen. */
  private final Map<Long, Set<Integer>> seen = new HashMap<>();

  /** Per successful attempt of the current partition: data bytes of the blocks used. */
  private final Map<Long, Long> bytesSeen = new HashMap<>();

  /** Per successful attempt of the current partition: the end entry its map end recorded. */
  private final Map<Long, IndexEntry> ends = new HashMap<>();

  private BlockReader reader;
  private Path file;
  private Iterator<Tuple2<Object, Object>> block = scala.collection.Iterator$.MODULE$.empty();
  private boolean done;

  PartitionRecords(
      int shuffleId,
      String appId,
      List<String> roots,
      Configuration hadoop,
      int startPartition,
      int endPartition,
      Map<Long, MapAttempt> attempts,
      Set<Tuple2<Long, Integer>> expected,
      SerializerInstance serializer,
      SerializerManager serializers,
      ShuffleReadMetricsReporter metrics,
      Runnable onDone) {
    this.shuffleId = shuffleId;
    this.appId = appId;
    this.roots = roots;
    this.hadoop = hadoop;
    this.attempts = attempts;
    this.expected = expected;
    this.serializer = serializer;
    this.serializers = serializers;
    this.metrics = metrics;
    this.onDone = onDone;
    for (int p = startPartition; p < endPartition; p++) {
      partitions.add(p);
    }
  }

  @Override
  public boolean hasNext() {
    while (!block.hasNext()) {
      if (done) {
        return false;
      }
      try {
        if (!nextBlock()) {
          done = true;
          onDone.run();
          return false;
        }
      } catch (IOException e) {
        throw Sneaky.<RuntimeException>raise(e);
      }
    }
    return true;
  }

  @Override
  public Tuple2<Object, Object> next() {
    if (!hasNext()) {
      throw new java.util.NoSuchElementException();
    }
    metrics.incRecordsRead(1);
    return block.next();
  }

  /** Moves to the next usable block; false when every partition is read. */
  private boolean nextBlock() throws IOException {
    while (true) {
      if (reader == null) {
        if (files.isEmpty()) {
          if (partition >= 0) {
            checkComplete();
          }
          if (partitions.isEmpty()) {
            return false;
          }
          startPartition(partitions.poll());
          continue;
        }
        openFile(files.poll());
      }
      if (wanted != null) {
        if (readIndexed()) {
          return true;
        }
        continue;
      }
      BlockHeader header = reader.next();
      if (header == null) {
        closeFile();
        continue;
      }
      MapAttempt attempt = attempts.get(header.attemptId());
      Set<Integer> seqs =
          attempt == null || header.mapIndex() != attempt.mapIndex()
              ? null // not a successful attempt: no need to track it
              : seen.computeIfAbsent(header.attemptId(), a -> new HashSet<>());
      if (seqs == null || seqs.contains(header.seq())) {
        if (!reader.skip(header)) {
          closeFile(); // a torn tail of an attempt that did not succeed
        }
        continue;
      }
      use(attempt, header, seqs);
      return true;
    }
  }

  private void openFile(Path next) throws IOException {
    file = next;
    FileSystem fs = file.getFileSystem(hadoop);
    Path index = indexes.get(file);
    wanted = null;
    if (index != null) {
      List<IndexEntry> entries;
      try (FSDataInputStream in = fs.open(index)) {
        entries = IndexEntry.readAll(in);
      }
      List<IndexEntry> mine = new ArrayList<>();
      for (IndexEntry entry : entries) {
        MapAttempt attempt = attempts.get(entry.attemptId());
        if (attempt == null || attempt.mapIndex() != entry.mapIndex()) {
          continue;
        }
        if (!entry.isEnd()) {
          mine.add(entry);
          continue;
        }
        IndexEntry known = ends.putIfAbsent(entry.attemptId(), entry);
        if (known != null && !known.equals(entry)) {
          throw Sneaky.<RuntimeException>raise(
              fetchFailed(
                  attempt,
                  entry.attemptId(),
                  "the end entries of map "
                      + attempt.mapIndex()
                      + " (attempt "
                      + entry.attemptId()
                      + ") for partition "
                      + partition
                      + " disagree: "
                      + describe(known)
                      + ", and "
                      + describe(entry)
                      + " in "
                      + index,
                  null));
        }
      }
      mine.sort(java.util.Comparator.comparingLong(IndexEntry::offset));
      wanted = new ArrayDeque<>(mine);
    }
    stream = fs.open(file, 1 << 20);
    reader = new BlockReader(stream, file.toString());
  }

  /**
   * Reads the next wanted block of an indexed file by seeking to it, skipping the blocks of other
   * maps and attempts without reading them; false when the file has no more.
   */
  private boolean readIndexed() throws IOException {
    while (!wanted.isEmpty()) {
      IndexEntry entry = wanted.poll();
      Set<Integer> seqs = seen.computeIfAbsent(entry.attemptId(), a -> new HashSet<>());
      if (seqs.contains(entry.seq())) {
        continue;
      }
      MapAttempt attempt = attempts.get(entry.attemptId());
      BlockHeader header;
      try {
        stream.seek(entry.offset());
        reader.movedTo(entry.offset());
        header = reader.next();
      } catch (CorruptBlockException | EOFException e) {
        throw Sneaky.<RuntimeException>raise(
            fetchFailed(attempt, entry.attemptId(), e.getMessage(), e));
      }
      if (header == null
          || header.attemptId() != entry.attemptId()
          || header.seq() != entry.seq()
          || header.length() != entry.length()) {
        throw Sneaky.<RuntimeException>raise(
            fetchFailed(
                attempt,
                entry.attemptId(),
                "index and data of " + file + " disagree at offset " + entry.offset(),
                null));
      }
      use(attempt, header, seqs);
      return true;
    }
    closeFile();
    return false;
  }

  /** Reads and checks the block whose header was just read, and makes its records current. */
  private void use(MapAttempt attempt, BlockHeader header, Set<Integer> seqs) throws IOException {
    byte[] data;
    try {
      data = reader.data(header);
    } catch (CorruptBlockException | EOFException e) {
      throw Sneaky.<RuntimeException>raise(
          fetchFailed(attempt, header.attemptId(), e.getMessage(), e));
    }
    seqs.add(header.seq());
    bytesSeen.merge(header.attemptId(), (long) data.length, Long::sum);
    metrics.incRemoteBlocksFetched(1);
    metrics.incRemoteBytesRead(data.length);
    ShuffleBlockId id = new ShuffleBlockId(shuffleId, header.attemptId(), partition);
    block =
        serializer
            .deserializeStream(serializers.wrapStream(id, new ByteArrayInputStream(data)))
            .asKeyValueIterator();
  }

  private void startPartition(int next) throws IOException {
    partition = next;
    seen.clear();
    bytesSeen.clear();
    ends.clear();
    indexes.clear();
    List<Path> found = new ArrayList<>();
    for (String root : roots) {
      Path dir = ShufflePaths.partitionDir(root, appId, shuffleId, partition);
      try {
        for (FileStatus status : dir.getFileSystem(hadoop).listStatus(dir)) {
          if (status.getPath().getName().endsWith(".data")) {
            found.add(status.getPath());
          }
          if (status.getPath().getName().endsWith(".index")) {
            Path data =
                new Path(
                    status.getPath().getParent(),
                    status.getPath().getName().replaceAll("\\.index$", ".data"));
            indexes.put(data, status.getPath());
          }
        }
      } catch (FileNotFoundException e) {
        // no worker wrote this partition under this root
      }
    }
    files.addAll(found);
  }

  /**
   * Every successful attempt with data for this partition must have left an end entry, and shown
   * exactly the blocks 0..n-1 and the bytes it recorded there; a missing file, a lost block (the
   * last one too) or a lost end entry is a fetch failure of that map, never a silent loss.
   */
  private void checkComplete() {
    for (Tuple2<Long, Integer> want : expected) {
      if (want._2() != partition) {
        continue;
      }
      String problem = incomplete(want._1());
      if (problem != null) {
        MapAttempt attempt = attempts.get(want._1());
        throw Sneaky.<RuntimeException>raise(
            fetchFailed(
                attempt,
                want._1(),
                "map "
                    + attempt.mapIndex()
                    + " (attempt "
                    + want._1()
                    + ") for partition "
                    + partition
                    + ": "
                    + problem,
                null));
      }
    }
  }

  /** What is wrong with an attempt's blocks of the current partition, or null. */
  private String incomplete(long attemptId) {
    Set<Integer> seqs = seen.getOrDefault(attemptId, Set.of());
    long bytes = bytesSeen.getOrDefault(attemptId, 0L);
    int max = seqs.stream().mapToInt(Integer::intValue).max().orElse(-1);
    String found =
        "found "
            + seqs.size()
            + " blocks"
            + (seqs.size() == max + 1 ? "" : " with gaps up to " + max);
    IndexEntry end = ends.get(attemptId);
    if (end == null) {
      return found
          + " and no end entry: its map end was recorded by no worker whose files are here";
    }
    if (seqs.size() != end.blocks() || max != end.blocks() - 1 || bytes != end.bytes()) {
      return found + " of " + bytes + " bytes, but its map end recorded " + describe(end);
    }
    return null;
  }

  private static String describe(IndexEntry end) {
    return end.blocks() + " blocks of " + end.bytes() + " bytes";
  }

  private FetchFailedException fetchFailed(
      MapAttempt attempt, long attemptId, String message, Throwable cause) {
    closeQuietly();
    return new FetchFailedException(
        attempt.location(), shuffleId, attemptId, attempt.mapIndex(), partition, message, cause);
  }

  private void closeFile() throws IOException {
    reader.close();
    reader = null;
    wanted = null;
  }

  private void closeQuietly() {
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException e) {
        // failing anyway
      }
      reader = null;
      wanted = null;
    }
  }
}
