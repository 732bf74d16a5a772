package io.streamkit.shuffle.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamkit.shuffle.common.BlockHeader;
import io.streamkit.shuffle.common.IndexEntry;
import io.streamkit.shuffle.common.ShufflePaths;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.FetchFailed;
import org.apache.spark.SparkConf;
import org.apache.spark.executor.TempShuffleReadMetrics;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerManager;
import org.apache.spark.shuffle.FetchFailedException;
import org.apache.spark.storage.BlockManagerId$;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.Tuple2;

/**
 * The reader's completeness check against the end entries that map ends leave in the index: a
 * successful attempt whose blocks do not match what its map end recorded is a fetch failure of
 * exactly that map, including when only its last block is missing.
 */
class PartitionRecordsTest {
  private static final long ATTEMPT = 42L;
  private static final int MAP = 3;

  private final SparkConf conf = new SparkConf(false).set("spark.shuffle.compress", "false");
  private final JavaSerializer serializer = new JavaSerializer(conf);

  @TempDir Path dir;

  @Test
  void allBlocksTheMapEndRecordedAreRead() throws Exception {
    List<byte[]> blocks = blocks(3);
    writeFile("w-1", blocks, List.of(0, 1, 2), end(3, blocks));
    assertThat(read()).containsExactly("k0=v0", "k1=v1", "k2=v2");
  }

  @Test
  void aMissingLastBlockIsAFetchFailureOfItsMap() throws Exception {
    List<byte[]> blocks = blocks(3);
    writeFile("w-1", blocks, List.of(0, 1), end(3, blocks)); // block 2 acknowledged, then lost
    assertFetchFailure("found 2 blocks of ", "recorded 3 blocks");
  }

  @Test
  void anAttemptWithoutAnEndEntryIsAFetchFailure() throws Exception {
    List<byte[]> blocks = blocks(2);
    writeFile("w-1", blocks, List.of(0, 1), null);
    assertFetchFailure("no end entry");
  }

  @Test
  void blocksSplitOverTwoWorkersAfterAFailoverAreComplete() throws Exception {
    List<byte[]> blocks = blocks(4);
    writeFile("w-1", blocks, List.of(0, 1), end(4, blocks));
    writeFile("w-2", blocks, List.of(1, 2, 3), end(4, blocks)); // 1 twice: a lost answer
    assertThat(read()).containsExactlyInAnyOrder("k0=v0", "k1=v1", "k2=v2", "k3=v3");
  }

  @Test
  void endEntriesThatDisagreeAreAFetchFailure() throws Exception {
    List<byte[]> blocks = blocks(3);
    writeFile("w-1", blocks, List.of(0, 1), end(2, blocks.subList(0, 2)));
    writeFile("w-2", blocks, List.of(2), end(3, blocks));
    assertFetchFailure("disagree");
  }

  private void assertFetchFailure(String... messageParts) {
    assertThatThrownBy(this::read)
        .isInstanceOf(FetchFailedException.class)
        .satisfies(
            e -> {
              FetchFailed reason = (FetchFailed) ((FetchFailedException) e).toTaskFailedReason();
              assertThat(reason.mapIndex()).isEqualTo(MAP);
              assertThat(reason.mapId()).isEqualTo(ATTEMPT);
              assertThat(reason.reduceId()).isEqualTo(0);
              assertThat(reason.message()).contains(messageParts);
            });
  }

  /** Blocks of one record each, ("k<i>", "v<i>"), serialized as the writer does. */
  private List<byte[]> blocks(int count) {
    List<byte[]> blocks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      SerializationStream stream = serializer.newInstance().serializeStream(bytes);
      stream.writeKey("k" + i, scala.reflect.ClassTag$.MODULE$.Any());
      stream.writeValue("v" + i, scala.reflect.ClassTag$.MODULE$.Any());
      stream.close();
      blocks.add(bytes.toByteArray());
    }
    return blocks;
  }

  private static IndexEntry end(int blocks, List<byte[]> data) {
    long bytes = data.stream().limit(blocks).mapToLong(b -> b.length).sum();
    return IndexEntry.end(MAP, ATTEMPT, blocks, bytes);
  }

  /** A data file holding the given blocks of the attempt, and its index with the end entry. */
  private void writeFile(String name, List<byte[]> blocks, List<Integer> seqs, IndexEntry end)
      throws Exception {
    Path partition =
        Path.of(ShufflePaths.partitionDir(dir.toUri().toString(), "app", 0, 0).toUri());
    Files.createDirectories(partition);
    try (OutputStream data = Files.newOutputStream(partition.resolve(name + ".data"));
        DataOutputStream index =
            new DataOutputStream(Files.newOutputStream(partition.resolve(name + ".index")))) {
      long offset = 0;
      for (int seq : seqs) {
        byte[] block = blocks.get(seq);
        data.write(
            new BlockHeader(MAP, ATTEMPT, seq, block.length, BlockHeader.crc(block, block.length))
                .toBytes());
        data.write(block);
        new IndexEntry(MAP, ATTEMPT, seq, offset, block.length).write(index);
        offset += BlockHeader.SIZE + block.length;
      }
      if (end != null) {
        end.write(index);
      }
    }
  }

  private List<String> read() {
    PartitionRecords records =
        new PartitionRecords(
            0,
            "app",
            List.of(dir.toUri().toString()),
            new Configuration(),
            0,
            1,
            Map.of(
                ATTEMPT,
                new PartitionRecords.MapAttempt(
                    MAP,
                    BlockManagerId$.MODULE$.apply(
                        "sk-" + ATTEMPT, "streamkit-shuffle", 1, Option.empty()))),
            Set.of(new Tuple2<>(ATTEMPT, 0)),
            serializer.newInstance(),
            new SerializerManager(serializer, conf, Option.empty()),
            new TempShuffleReadMetrics(),
            () -> {});
    List<String> out = new ArrayList<>();
    while (records.hasNext()) {
      Tuple2<Object, Object> record = records.next();
      out.add(record._1() + "=" + record._2());
    }
    return out;
  }
}
