package io.streamkit.dimension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.LogicalType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A snapshot in a local RocksDB (the one Flink ships), for tables larger than the heap. Rows stream
 * in as they are scanned, so a load needs no more heap than a batch of rows. Each row is stored
 * under its serialized lookup key plus a sequence number, so a key may have many rows.
 */
final class RocksDbSnapshot implements Snapshot {
  private static final int SEQ_BYTES = Long.BYTES;

  private final RocksDB db;
  private final Options options;
  private final Path dir;
  private final Codec codec;
  private final AtomicLong rows;

  private RocksDbSnapshot(RocksDB db, Options options, Path dir, Codec codec, long rows) {
    this.db = db;
    this.options = options;
    this.dir = dir;
    this.codec = codec;
    this.rows = new AtomicLong(rows);
  }

  /** Serializes keys and rows with Flink's own row serializer. */
  static final class Codec {
    private final RowDataSerializer keySerializer;
    private final RowDataSerializer rowSerializer;

    Codec(LogicalType[] keyTypes, LogicalType[] rowTypes) {
      this.keySerializer = new RowDataSerializer(keyTypes);
      this.rowSerializer = new RowDataSerializer(rowTypes);
    }

    synchronized byte[] key(RowData key) throws IOException {
      DataOutputSerializer out = new DataOutputSerializer(32);
      keySerializer.serialize(key, out);
      return out.getCopyOfBuffer();
    }

    synchronized byte[] row(RowData row) throws IOException {
      DataOutputSerializer out = new DataOutputSerializer(128);
      rowSerializer.serialize(row, out);
      return out.getCopyOfBuffer();
    }

    synchronized RowData readRow(byte[] bytes) throws IOException {
      return rowSerializer.deserialize(new DataInputDeserializer(bytes));
    }
  }

  @Override
  public List<RowData> get(RowData key) throws IOException {
    byte[] prefix = codec.key(key);
    List<RowData> found = new ArrayList<>(1);
    try (RocksIterator it = db.newIterator()) {
      for (it.seek(prefix); it.isValid() && isRowOf(it.key(), prefix); it.next()) {
        found.add(codec.readRow(it.value()));
      }
    }
    return found;
  }

  /** Whether a stored key is one of the rows of the serialized lookup key {@code prefix}. */
  private static boolean isRowOf(byte[] stored, byte[] prefix) {
    return stored.length == prefix.length + SEQ_BYTES
        && Arrays.equals(stored, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static long countRows(RocksIterator it, byte[] prefix) {
    long n = 0;
    for (it.seek(prefix); it.isValid() && isRowOf(it.key(), prefix); it.next()) {
      n++;
    }
    return n;
  }

  @Override
  public long rows() {
    return rows.get();
  }

  @Override
  public void close() {
    db.close();
    options.close();
    deleteRecursively(dir);
  }

  static Builder builder(Path baseDir, Codec codec) {
    return new RocksBuilder(baseDir, codec);
  }

  private static final class RocksBuilder implements Builder {
    private final Path baseDir;
    private final Codec codec;
    private final AtomicLong seq = new AtomicLong();
    private final WriteOptions writeOptions;
    private Path dir;
    private Options options;
    private RocksDB db;

    RocksBuilder(Path baseDir, Codec codec) {
      RocksDB.loadLibrary(); // before any RocksDB object: they are backed by native code
      this.baseDir = baseDir;
      this.codec = codec;
      this.writeOptions = new WriteOptions().setDisableWAL(true);
    }

    private synchronized RocksDB db() throws IOException {
      if (db == null) {
        try {
          Files.createDirectories(baseDir);
          dir = Files.createTempDirectory(baseDir, "snapshot-");
          options = new Options().setCreateIfMissing(true);
          db = RocksDB.open(options, dir.toString());
        } catch (RocksDBException e) {
          throw new IOException("Cannot create RocksDB in " + dir + ": " + e.getMessage(), e);
        }
      }
      return db;
    }

    private void put(RocksDB target, WriteBatch batch, GenericRowData key, GenericRowData row)
        throws IOException, RocksDBException {
      byte[] prefix = codec.key(key);
      byte[] k =
          ByteBuffer.allocate(prefix.length + SEQ_BYTES)
              .put(prefix)
              .putLong(seq.getAndIncrement())
              .array();
      if (batch != null) {
        batch.put(k, codec.row(row));
      } else {
        target.put(writeOptions, k, codec.row(row));
      }
    }

    @Override
    public void add(GenericRowData key, GenericRowData row) throws IOException {
      try {
        put(db(), null, key, row);
      } catch (RocksDBException e) {
        throw new IOException("RocksDB write failed: " + e.getMessage(), e);
      }
    }

    @Override
    public Snapshot update(Snapshot base, java.util.Collection<RowData> changedKeys)
        throws IOException {
      RocksDbSnapshot previous = (RocksDbSnapshot) base;
      // Rewrite the changed keys of the live snapshot in one atomic batch.
      try (WriteBatch batch = new WriteBatch();
          RocksIterator it = db().newIterator();
          RocksIterator old = previous.db.newIterator()) {
        long removed = 0;
        for (RowData key : changedKeys) {
          byte[] prefix = codec.key(key);
          removed += countRows(old, prefix);
          byte[] end = Arrays.copyOf(prefix, prefix.length + SEQ_BYTES + 1);
          Arrays.fill(end, prefix.length, end.length, (byte) 0xFF);
          batch.deleteRange(prefix, end);
        }
        long added = 0;
        for (it.seekToFirst(); it.isValid(); it.next()) {
          batch.put(it.key(), it.value());
          added++;
        }
        previous.db.write(writeOptions, batch);
        previous.rows.addAndGet(added - removed);
      } catch (RocksDBException e) {
        throw new IOException("RocksDB incremental update failed: " + e.getMessage(), e);
      } finally {
        abort();
      }
      return previous;
    }

    @Override
    public Snapshot build() throws IOException {
      RocksDB built = db();
      try {
        built.flush(new org.rocksdb.FlushOptions().setWaitForFlush(true));
      } catch (RocksDBException e) {
        throw new IOException("RocksDB flush failed: " + e.getMessage(), e);
      }
      writeOptions.close();
      return new RocksDbSnapshot(built, options, dir, codec, seq.get());
    }

    @Override
    public void abort() {
      if (db != null) {
        db.close();
        options.close();
        deleteRecursively(dir);
        db = null;
      }
      writeOptions.close();
    }
  }

  private static void deleteRecursively(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
