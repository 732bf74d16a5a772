package io.streamkit.shuffle.server;

import io.streamkit.shuffle.common.ShuffleSlots;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * The master's durable state in RocksDB: the workers of every shuffle in flight, keyed by
 * application and shuffle id. Writes are synced, so a master killed right after answering still
 * knows the assignment when it comes back.
 */
final class MasterStore implements Closeable {
  static {
    RocksDB.loadLibrary();
  }

  private final Options options;
  private final WriteOptions sync;
  private final RocksDB db;

  MasterStore(Path dir) throws IOException {
    Files.createDirectories(dir);
    options = new Options().setCreateIfMissing(true);
    sync = new WriteOptions().setSync(true);
    try {
      db = RocksDB.open(options, dir.toString());
    } catch (RocksDBException e) {
      throw new IOException("cannot open the master store in " + dir + ": " + e.getMessage(), e);
    }
  }

  static String key(String appId, int shuffleId) {
    return appId + '\u0000' + shuffleId;
  }

  ShuffleSlots get(String appId, int shuffleId) throws IOException {
    try {
      byte[] value = db.get(bytes(key(appId, shuffleId)));
      return value == null ? null : ShuffleSlots.fromBytes(value);
    } catch (RocksDBException e) {
      throw new IOException(e);
    }
  }

  void put(String appId, int shuffleId, ShuffleSlots slots) throws IOException {
    try {
      db.put(sync, bytes(key(appId, shuffleId)), slots.toBytes());
    } catch (RocksDBException e) {
      throw new IOException(e);
    }
  }

  void remove(String appId, int shuffleId) throws IOException {
    try {
      db.delete(sync, bytes(key(appId, shuffleId)));
    } catch (RocksDBException e) {
      throw new IOException(e);
    }
  }

  Map<String, ShuffleSlots> all() {
    Map<String, ShuffleSlots> all = new LinkedHashMap<>();
    try (RocksIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        all.put(new String(it.key(), StandardCharsets.UTF_8), ShuffleSlots.fromBytes(it.value()));
      }
    }
    return all;
  }

  private static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    db.close();
    sync.close();
    options.close();
  }
}
