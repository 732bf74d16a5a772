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
 * knows the assignment when it comes back. With authentication on it also holds each application's
 * secret: keep the store's directory readable by the master's user only.
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

  /** Applications' secrets are kept under this prefix, apart from the shuffles. */
  private static final String APP_SECRET = "\u0001secret\u0000";

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

  /** The secret an application registered and the user it runs as, or null. */
  AppRegistration app(String appId) throws IOException {
    try {
      byte[] value = db.get(bytes(APP_SECRET + appId));
      return value == null ? null : AppRegistration.fromBytes(value);
    } catch (RocksDBException e) {
      throw new IOException(e);
    }
  }

  void putApp(String appId, AppRegistration app) throws IOException {
    try {
      db.put(sync, bytes(APP_SECRET + appId), app.toBytes());
    } catch (RocksDBException e) {
      throw new IOException(e);
    }
  }

  void removeApp(String appId) throws IOException {
    try {
      db.delete(sync, bytes(APP_SECRET + appId));
    } catch (RocksDBException e) {
      throw new IOException(e);
    }
  }

  Map<String, ShuffleSlots> all() {
    Map<String, ShuffleSlots> all = new LinkedHashMap<>();
    try (RocksIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        if (it.key().length > 0 && it.key()[0] == APP_SECRET.charAt(0)) {
          continue;
        }
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
